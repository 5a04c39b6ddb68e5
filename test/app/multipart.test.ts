/** multipart/form-data parsing: structure, parameters, limits and the errors for malformed bodies. */
import t from 'tap';
import { HTTPException, UploadFile } from '../../src/app/index.js';
import { multipartBoundary, parseHeaderParams, parseMultipart } from '../../src/app/multipart.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function statusOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof HTTPException ? error.status : -1;
  }
  return undefined;
}

t.test('extracts the boundary, quoted or not, and refuses missing or oversized ones', async (t) => {
  t.equal(multipartBoundary('multipart/form-data; boundary=abc'), 'abc');
  t.equal(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b;c"'), 'a b;c');
  t.equal(multipartBoundary('multipart/form-data'), null);
  t.equal(multipartBoundary(`multipart/form-data; boundary=${'x'.repeat(71)}`), null);
});

t.test('parses header parameters with quoted semicolons and escapes', async (t) => {
  const params = parseHeaderParams('form-data; name="field"; filename="a;\\"b\\".txt"; Extra=1');
  t.same([...params], [
    ['name', 'field'],
    ['filename', 'a;"b".txt'],
    ['extra', '1'],
  ]);
});

t.test('ignores a preamble and keeps binary file content intact', async (t) => {
  const head = encode('preamble text\r\n--B\r\nContent-Disposition: form-data; name="f"; filename="x.bin"\r\nContent-Type: application/octet-stream\r\n\r\n');
  const content = new Uint8Array([0, 255, 13, 10, 45, 45, 67]); // ends like a delimiter for "C", not "B"
  const tail = encode('\r\n--B--\r\n');
  const body = new Uint8Array([...head, ...content, ...tail]);
  const form = parseMultipart(body, 'B');
  const file = form.get('f');
  t.ok(file instanceof UploadFile);
  t.same([...(file as UploadFile).bytes], [...content]);
  t.equal((file as UploadFile).contentType, 'application/octet-stream');
});

t.test('a file part without Content-Type defaults to application/octet-stream', async (t) => {
  const body = encode('--B\r\nContent-Disposition: form-data; name="f"; filename="a"\r\n\r\nx\r\n--B--');
  t.equal((parseMultipart(body, 'B').get('f') as UploadFile).contentType, 'application/octet-stream');
});

t.test('an empty form (closing boundary only) has no entries', async (t) => {
  t.same(parseMultipart(encode('--B--\r\n'), 'B').entries, []);
});

t.test('malformed bodies are 400s', async (t) => {
  const cases = [
    'no boundary at all',
    '--Bgarbage',
    '--B\r\nContent-Disposition: form-data; name="a"',
    '--B\r\nX-Other: 1\r\n\r\nv\r\n--B--',
    '--B\r\nContent-Disposition: form-data\r\n\r\nv\r\n--B--',
    '--B\r\nnot a header line\r\n\r\nv\r\n--B--',
  ];
  for (const text of cases) t.equal(statusOf(() => parseMultipart(encode(text), 'B')), 400, JSON.stringify(text));
});

t.test('too many files is a 413', async (t) => {
  const part = (n: number): string => `--B\r\nContent-Disposition: form-data; name="f${n}"; filename="${n}.txt"\r\n\r\nx\r\n`;
  const body = encode(part(1) + part(2) + part(3) + '--B--');
  t.equal(statusOf(() => parseMultipart(body, 'B', { maxFiles: 2 })), 413);
  t.equal(parseMultipart(body, 'B', { maxFiles: 3 }).entries.length, 3);
});

t.test('a part named only by filename* (RFC 8187) is a file with the decoded name', async (t) => {
  const body = encode("--b\r\nContent-Disposition: form-data; name=\"up\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.txt\r\n\r\nabc\r\n--b--\r\n");
  const upload = parseMultipart(body, 'b').get('up');
  t.ok(upload instanceof UploadFile);
  t.equal((upload as UploadFile).filename, '报告.txt');
  const both = encode("--b\r\nContent-Disposition: form-data; name=\"up\"; filename=\"plain.txt\"; filename*=utf-8'en'r%C3%A9sum%C3%A9.txt\r\n\r\nx\r\n--b--\r\n");
  t.equal((parseMultipart(both, 'b').get('up') as UploadFile).filename, 'résumé.txt');
  const broken = encode("--b\r\nContent-Disposition: form-data; name=\"up\"; filename=\"plain.txt\"; filename*=UTF-8''%ZZ\r\n\r\nx\r\n--b--\r\n");
  t.equal((parseMultipart(broken, 'b').get('up') as UploadFile).filename, 'plain.txt', 'an undecodable filename* falls back to filename');
});

t.test('a file or field name sent as raw UTF-8, as browsers do, arrives intact', async (t) => {
  const body = encode('--b\r\nContent-Disposition: form-data; name="résumé"; filename="报告 été.pdf"\r\n\r\nx\r\n--b--\r\n');
  const upload = parseMultipart(body, 'b').get('résumé');
  t.equal((upload as UploadFile).filename, '报告 été.pdf');
  const latin1 = Buffer.from('--b\r\nContent-Disposition: form-data; name="f"; filename="caf\xe9.txt"\r\n\r\nx\r\n--b--\r\n', 'latin1');
  t.equal((parseMultipart(latin1, 'b').get('f') as UploadFile).filename, 'café.txt', 'bytes that are not UTF-8 are read as latin-1');
});
