/** The route labeler behind the HTTP metrics: templates, not raw paths, with a bounded memory. */
import t from 'tap';
import { RouteLabeler } from '../../src/classifier/http-metrics.js';

const templates = ['/', '/predict', '/models/{model_id}', '/models/{model_id}/predict'];

t.test('labels a path with its route template, and an unknown path as unmatched', async (t) => {
  const labeler = new RouteLabeler(templates);
  t.equal(labeler.label('/predict'), '/predict');
  t.equal(labeler.label('/models/v1'), '/models/{model_id}');
  t.equal(labeler.label('/models/v2/predict'), '/models/{model_id}/predict');
  t.equal(labeler.label('/nope'), 'unmatched');
});

t.test('gives the same labels when a path is seen again, and past its memory bound', async (t) => {
  const labeler = new RouteLabeler(templates);
  const wrong = Array.from({ length: 3000 }, (_, i) => `/models/m${i}`).filter((path) => labeler.label(path) !== '/models/{model_id}');
  t.same(wrong, [], 'every one of 3000 distinct paths labelled by its template');
  t.equal(labeler.label('/models/m0'), '/models/{model_id}');
  t.equal(labeler.label('/models/m2999'), '/models/{model_id}');
  t.equal(labeler.label('/predict'), '/predict', 'a path first seen after the bound is still matched');
  t.equal(labeler.label('/random/9999'), 'unmatched');
});
