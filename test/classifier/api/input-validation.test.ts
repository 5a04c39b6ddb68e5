import t from 'tap';
import { INPUT_TOO_DEEP } from '../../../src/app/index.js';
import { parseProject, parseSocketMessage, RequestValidationError } from '../../../src/classifier/api/input-validation.js';

function issues(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof RequestValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a validation error');
}

t.test('accepts a project, defaults description to "" and drops unknown keys', async (t) => {
  t.same(parseProject({ title: 'YOLO', extra: 1 }), { title: 'YOLO', description: '' });
  t.same(parseProject({ title: 'a', description: 'b' }), { title: 'a', description: 'b' });
});

t.test('a missing title is reported as missing at body.title with the object it is missing from', async (t) => {
  t.same(issues(() => parseProject({ description: 'x' })), [{ loc: ['body', 'title'], msg: 'Field required', type: 'missing', input: { description: 'x' } }]);
});

t.test('non-string, empty and too-long titles each get their own type', async (t) => {
  t.match(issues(() => parseProject({ title: 5 })), [{ loc: ['body', 'title'], type: 'string_type' }]);
  t.match(issues(() => parseProject({ title: '' })), [{ loc: ['body', 'title'], type: 'string_too_short' }]);
  t.match(issues(() => parseProject({ title: 'x'.repeat(1001) })), [{ loc: ['body', 'title'], type: 'string_too_long', msg: /at most 1000/ }]);
  t.match(issues(() => parseProject({ title: 'ok', description: 'x'.repeat(10_001) })), [{ loc: ['body', 'description'], type: 'string_too_long' }]);
});

t.test('every problem is listed at once', async (t) => {
  t.equal(issues(() => parseProject({ title: 1, description: 2 })).length, 2);
});

t.test('a body that is not an object is one issue at body', async (t) => {
  t.same(issues(() => parseProject([1])), [{ loc: ['body'], msg: 'Input should be a valid dictionary or object', type: 'dict_type' }]);
});


t.test('a socket message takes a string or number id, null when absent, and refuses any other id (id_type)', async (t) => {
  t.same(parseSocketMessage({ id: 'r1', title: 'x' }), { id: 'r1', project: { title: 'x', description: '' } });
  t.equal(parseSocketMessage({ id: 7, title: 'x' }).id, 7);
  t.equal(parseSocketMessage({ title: 'x' }).id, null);
  t.equal(parseSocketMessage({ id: null, title: 'x' }).id, null, 'null is taken as absent');
  for (const id of [{ a: 1 }, [1], true, false]) {
    t.same(issues(() => parseSocketMessage({ id, title: 'x' })), [{ loc: ['body', 'id'], msg: 'Input should be a valid string or number', type: 'id_type' }], JSON.stringify(id));
  }
  t.match(issues(() => parseSocketMessage({ id: 3 })), [{ loc: ['body', 'title'], type: 'missing' }]);
  t.same(issues(() => parseSocketMessage({ id: [], description: 5 })).map((issue) => issue.type), ['id_type', 'missing', 'string_type'], 'field by field, id first');
});

t.test('a socket message missing its title echoes the message as the input of the missing issue', async (t) => {
  t.same(issues(() => parseSocketMessage({ id: 'r1', description: 'd' })), [
    { loc: ['body', 'title'], msg: 'Field required', type: 'missing', input: { id: 'r1', description: 'd' } },
  ]);
});

t.test('a missing issue echoes a note instead of a message nested too deep to write back', async (t) => {
  const message = { id: JSON.parse('['.repeat(20_000) + ']'.repeat(20_000)) as unknown };
  const found = issues(() => parseSocketMessage(message));
  t.same(found, [
    { loc: ['body', 'id'], msg: 'Input should be a valid string or number', type: 'id_type' },
    { loc: ['body', 'title'], msg: 'Field required', type: 'missing', input: INPUT_TOO_DEEP },
  ]);
  t.doesNotThrow(() => JSON.stringify(found));
});
