import { Writable } from 'node:stream';
import { createLogger } from '../src/logger';

/** Everything the one logger writes, as text. */
function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('the logger', () => {
  it('never writes a password inside a URL, in a field or in the message', () => {
    const out = capture();
    const logger = createLogger('info', out.stream);
    logger.warn({ detail: 'Redis did not answer at redis://kompis:S3cretPW@10.0.0.1:6379', url: 'ftp//u:S3cretPW@llm.example' }, 'cannot reach rediss://:S3cretPW@cache.example:6380/0');
    logger.error({ apiKey: 'sk-S3cretPW' }, 'model failed');
    expect(out.text()).not.toContain('S3cretPW');
    expect(out.text()).toContain('redis://***@10.0.0.1:6379');
    expect(out.text()).toContain('rediss://***@cache.example');
  });
});
