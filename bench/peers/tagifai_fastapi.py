"""Peer `tagifai-fastapi`: the tagifai classifier API (the contract in issue 7) in FastAPI + scikit-learn.

This is the stack the Made With ML seeds build: TF-IDF over character n-grams of title + description,
a logistic regression on top, FastAPI + uvicorn in one process. It trains itself at start from the
dataset given on the command line (never copied into the repository), which takes a few seconds:

    /usr/bin/python3 bench/peers/tagifai_fastapi.py --port 8000 --data ../shared/datasets/madewithml/dataset.csv

Served: `POST /predict` (one item), `POST /predict/batch` (`{"items": [...]}`), WebSocket
`/ws/predict`, each with the contract's envelope, 422 for invalid items and 400 for malformed JSON.
Handlers are `async def` calling scikit-learn directly (no thread pool): FastAPI's fastest form.
"""
import argparse
import csv
import json
import sys
from datetime import datetime, timezone
from typing import Any, List, Optional

from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, StrictStr, ValidationError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from fastapi_app import contract_validation_error, serve

LABELS = ["computer-vision", "mlops", "natural-language-processing", "other"]
MODEL = {"id": "sklearn-tfidf-lr", "version": "1"}


class Item(BaseModel):
    title: StrictStr = Field(..., min_length=1, max_length=1000)
    description: StrictStr = Field("", max_length=10000)


class Batch(BaseModel):
    items: List[Item] = Field(..., min_items=1, max_items=1000)


class SocketItem(Item):
    id: Optional[Any] = None


def train(dataset_path: str):
    """Fits TF-IDF + logistic regression on the dataset; tags outside the four labels become `other`."""
    with open(dataset_path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    texts = [f"{row['title']} {row['description']}".lower() for row in rows]
    tags = [row["tag"] if row["tag"] in LABELS else "other" for row in rows]
    model = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), max_features=50000, sublinear_tf=True),
        LogisticRegression(max_iter=300, class_weight="balanced"),
    )
    model.fit(texts, tags)
    return model


app = FastAPI()
app.state.model = None


def predict(items: List[Item]) -> List[dict]:
    texts = [f"{item.title} {item.description}".lower() for item in items]
    classes = list(app.state.model.classes_)
    results = []
    for row in app.state.model.predict_proba(texts):
        probabilities = {label: float(row[classes.index(label)]) for label in LABELS}
        results.append({"prediction": max(probabilities, key=probabilities.get), "probabilities": probabilities})
    return results


def envelope(request: Request, data: dict) -> dict:
    return {
        "message": "OK",
        "method": request.method,
        "status-code": 200,
        "timestamp": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"),
        "url": str(request.url),
        "data": data,
    }


app.add_exception_handler(RequestValidationError, contract_validation_error)


@app.get("/")
async def index(request: Request) -> dict:
    return envelope(request, {"service": "tagifai", "version": MODEL["version"], "models": [MODEL["id"]], "default_model": MODEL["id"]})


@app.post("/predict")
async def predict_one(request: Request, item: Item) -> dict:
    return envelope(request, {"results": predict([item]), "model": MODEL})


@app.post("/predict/batch")
async def predict_batch(request: Request, batch: Batch) -> dict:
    return envelope(request, {"results": predict(batch.items), "model": MODEL})


@app.websocket("/ws/predict")
async def predict_socket(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            if text is None:
                await websocket.close(code=1003)  # binary frames are not part of the protocol
                return
            message_id = None
            try:
                raw = json.loads(text)
                message_id = raw.get("id") if isinstance(raw, dict) else None
                item = SocketItem.parse_obj(raw)
            except (ValueError, ValidationError) as error:
                detail = error.errors() if isinstance(error, ValidationError) else [{"msg": "malformed JSON"}]
                await websocket.send_text(json.dumps({"id": message_id, "error": {"status": 422, "detail": detail}}, default=str))
                continue
            await websocket.send_text(json.dumps({"id": item.id, **predict([item])[0]}))
    except WebSocketDisconnect:
        return


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--exit-with-stdin", action="store_true", help="exit when stdin closes (used by the harness)")
    parser.add_argument("--data", required=True, help="the Made With ML dataset CSV (id,created_on,title,description,tag)")
    arguments = parser.parse_args()
    try:
        app.state.model = train(arguments.data)
    except OSError as error:
        sys.exit(f"cannot read the dataset {arguments.data}: {error.strerror}")
    serve(app, arguments.port, arguments.exit_with_stdin)
