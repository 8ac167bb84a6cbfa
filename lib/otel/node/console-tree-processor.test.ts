import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { ConsoleTreeProcessor } from './console-tree-processor';

describe('ConsoleTreeProcessor', () => {
  it('prints a local trace as an indented tree when its root ends, and nothing before', () => {
    const printed: string[] = [];
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'user-api' }),
      spanProcessors: [new ConsoleTreeProcessor('user-api', (text) => printed.push(text))],
    });
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const tracer = provider.getTracer('test');
    tracer.startActiveSpan('GET /users/:id', (server) => {
      tracer.startActiveSpan('SELECT users', (query) => query.end());
      assert.deepEqual(printed, []);
      server.end();
    });
    context.disable();
    trace.disable();
    assert.equal(printed.length, 1);
    const [header, root, child] = printed[0]!.split('\n');
    assert.match(header!, /^\[trace [0-9a-f]{32}\] \d/);
    assert.match(root!, /^ {2}user-api: GET \/users\/:id \(/);
    assert.match(child!, /^ {4}user-api: SELECT users \(/);
  });
});
