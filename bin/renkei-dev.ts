// The CLI straight from the TypeScript sources, for development and the tests (`npm run dev`,
// `tsx bin/renkei-dev.ts …`): no build needed, so a test always runs the sources it sits beside.
import { main } from '../src/cli.js';

process.exitCode = await main(process.argv.slice(2));
