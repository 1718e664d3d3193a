import { serverReason } from '../../src/llm/server-errors';

describe("a server's reason for a failed call, as the log gives it", () => {
  const key = 'ab+cd/ef==Kq9';
  it.each([
    [`404 model not found at https://llm.example/v1?access_token=${'t0k3n'}`, 't0k3n'],
    ['401 via API Management https://apim.example/openai?subscription-key=5ub5cr1pt10n', '5ub5cr1pt10n'],
    ['500 from https://fn.example/api/chat?code=Azur3Funct10nC0d3', 'Azur3Funct10nC0d3'],
    ['400 https://blob.example/x?sv=2024&sig=S1gn4tur3%3D', 'S1gn4tur3'],
    ['400 request had x-api-key: 0th3rK3y and more', '0th3rK3y'],
    ['400 request had api-key: "4zur3K3y" set', '4zur3K3y'],
    ['502 upstream Ocp-Apim-Subscription-Key=4p1mK3y failed', '4p1mK3y'],
    ['400 Authorization: Token t0k3nV4lu3', 't0k3nV4lu3'],
    ['400 Authorization=Bearer%20b34r3rV4lu3', 'b34r3rV4lu3'],
    [`400 the key ${encodeURIComponent(key)} was sent in the URL`, encodeURIComponent(key)],
    [`400 the key ${key} was sent`, key],
  ])('%s keeps no secret', (message, secret) => {
    const said = serverReason(new Error(message), key);
    expect(said).toBeDefined();
    expect(said).not.toContain(secret);
    expect(said).toContain('***');
  });

  it('keeps what tells the operator why', () => {
    expect(serverReason(new Error('404 model "llama3.1:8b" not found, try pulling it first'), key)).toBe('404 model "llama3.1:8b" not found, try pulling it first');
    expect(serverReason(new Error("400 Unsupported value: 'temperature' does not support 0 with this model."), key)).toBe("400 Unsupported value: 'temperature' does not support 0 with this model.");
  });
});
