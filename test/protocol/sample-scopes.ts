/**
 * Test helpers: minimal, complete scopes for driving apps through a `Communicator`.
 */
import type { HttpScope, LifespanScope, WebSocketScope } from '../../src/protocol/scope.js';
import type { Extensions } from '../../src/protocol/extensions.js';

const tsgi = { version: '1.0', specVersion: '1.0' } as const;

export function sampleHttpScope(extensions: Extensions = {}): HttpScope {
  return {
    type: 'http',
    tsgi,
    httpVersion: '1.1',
    method: 'GET',
    scheme: 'http',
    path: '/',
    rawPath: '/',
    queryString: '',
    rootPath: '',
    headers: [['host', 'example.test']],
    client: ['127.0.0.1', 40000],
    server: ['127.0.0.1', 8000],
    extensions,
  };
}

export function sampleWebSocketScope(extensions: Extensions = {}): WebSocketScope {
  return { ...sampleHttpScope(extensions), type: 'websocket', scheme: 'ws', subprotocols: [] };
}

export function sampleLifespanScope(): LifespanScope {
  return { type: 'lifespan', tsgi, state: {} };
}
