import { runAnswersBench } from './answers-bench';
import { runPulseBench } from './pulse-bench';
import { runSlackBench } from './slack-bench';
import { runStoreBench } from './store-bench';
import { runTeamsPulseBench } from './teams-pulse-bench';

/** `npm run bench`: prints the figures; asserts nothing. */
async function main(): Promise<void> {
  console.log(`Kompis benchmark — node ${process.version}, ${new Date().toISOString()}`);
  await runAnswersBench();
  await runStoreBench();
  await runSlackBench();
  await runPulseBench();
  await runTeamsPulseBench();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
