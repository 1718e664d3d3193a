import { runAnswersBench } from './answers-bench';
import { runPulseBench, runPulseCloseBench } from './pulse-bench';
import { runSlackBench } from './slack-bench';
import { runStoreBench } from './store-bench';
import { runTeamsPulseBench } from './teams-pulse-bench';
import { runVectorsBench } from './vectors-bench';

const BENCHES: Record<string, () => Promise<void>> = {
  answers: runAnswersBench,
  vectors: runVectorsBench,
  store: runStoreBench,
  slack: runSlackBench,
  pulse: runPulseBench,
  'pulse-close': runPulseCloseBench,
  'teams-pulse': runTeamsPulseBench,
};

/** `npm run bench` prints the figures and asserts nothing; `npm run bench -- pulse teams-pulse` runs only those. */
async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in BENCHES));
  if (unknown.length > 0) throw new Error(`no bench named ${unknown.join(', ')}; there are ${Object.keys(BENCHES).join(', ')}`);
  console.log(`Kompis benchmark — node ${process.version}, ${new Date().toISOString()}`);
  for (const [name, run] of Object.entries(BENCHES)) if (asked.length === 0 || asked.includes(name)) await run();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
