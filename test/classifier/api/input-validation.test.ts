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


t.test('a socket message echoes any id, null when absent', async (t) => {
  t.same(parseSocketMessage({ id: { a: 1 }, title: 'x' }), { id: { a: 1 }, project: { title: 'x', description: '' } });
  t.equal(parseSocketMessage({ title: 'x' }).id, null);
  t.match(issues(() => parseSocketMessage({ id: 3 })), [{ loc: ['body', 'title'], type: 'missing' }]);
});

t.test('a socket message missing its title echoes the message as the input of the missing issue', async (t) => {
  t.same(issues(() => parseSocketMessage({ id: 'r1', description: 'd' })), [
    { loc: ['body', 'title'], msg: 'Field required', type: 'missing', input: { id: 'r1', description: 'd' } },
  ]);
});

t.test('a missing issue echoes a note instead of a message nested too deep to write back', async (t) => {
  const message = { id: JSON.parse('['.repeat(20_000) + ']'.repeat(20_000)) as unknown };
  const found = issues(() => parseSocketMessage(message));
  t.same(found, [{ loc: ['body', 'title'], msg: 'Field required', type: 'missing', input: INPUT_TOO_DEEP }]);
  t.doesNotThrow(() => JSON.stringify(found));
});
