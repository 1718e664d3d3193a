import tseslint from 'typescript-eslint';

const SDKS = ['@slack/*', '@microsoft/*', 'botbuilder*', 'openai', 'openai/*', 'ioredis', 'better-sqlite3', 'pino', 'prom-client', 'ws', 'express'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '*.config.*'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // core is the domain: it knows no chat platform, store, LLM client or logger library.
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: SDKS, message: 'src/core imports no SDK or client: put it behind a port in src/core/ports.ts.' },
          { group: ['**/channels/**', '**/stores/**', '**/llm/**', '**/cli/**', '**/main'], message: 'src/core imports no adapter.' },
        ],
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
