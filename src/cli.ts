import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { ConfigError } from './config/config-error.js';
import { runConsoleChat } from './channels/console/console-chat.js';
import { renderText } from './channels/console/render-text.js';
import { parseAnswersFile, simulate } from './app/simulate.js';
import { migrate } from './store/migrate.js';
import { err as errOut, langOption, localIdentity, withApp } from './cli/common.js';
import { safeJson, terminalSafe } from './channels/console/terminal-safe.js';
import { composeApp } from './main.js';
import { loadConfig } from './config.js';
import { Dispatcher } from './scheduler/dispatcher.js';
import { handoffsCommand } from './cli/handoffs-command.js';
import { intakesCommand, statsCommand } from './cli/intakes-command.js';
import { inboxCommand } from './cli/inbox-command.js';
import { dispatcherCommand, remindCommand, remindersCommand } from './cli/reminders-command.js';
import { auditCommand } from './cli/audit-command.js';

const usage = `renkei — intake assistant for collaborative new-business consultations

Usage:
  renkei start                          run the bot (local terminal chat when no Slack/Teams credentials are set)
  renkei chat [--lang ja|en] [--user ID]  hold a consultation in this terminal
  renkei simulate --answers FILE [--lang ja|en] [--json]
                                        run a scripted consultation from a JSON answers file
  renkei db migrate                     create or update the database schema
  renkei handoffs list|show|plan|claim|brushup|ask|note|reassign|close [ID] [--as PM]
                                        the project manager's side (local mode); plan ID --docx [--out FILE]: the plan as Word
  renkei inbox [--as PM]                messages for a PM and their office
  renkei intakes list|show ID|export --format csv|json [--out FILE] [--as STAFF]
  renkei remind TARGET WHEN MESSAGE [--as PM]   a reminder to a company (intake, handoff, person or chat id) of your office, or a PM
  renkei reminders list [--failed|--status S] [--intake ID] | reminders cancel ID
  renkei dispatcher                     run the reminder sweep and dispatcher alone
  renkei stats [--json] [--chart FILE.svg] [--as STAFF]
                                        counts by region, band, theme, status; academic involvement; --chart: as an SVG picture
  renkei audit list [--intake ID] [--actor REF] [--since DATE] [--limit N] [--json] [--as ADMIN]
                                        who read or changed which intake (admins)
  renkei privacy delete --intake ID | --person ID [--as ADMIN]
                                        delete an intake, or a person (pe_ id or platform id) with everything of theirs
  renkei privacy export --person ID [--out FILE] [--as ADMIN]
                                        everything held about a person, as JSON (renkei-person-export/1)
  renkei privacy purge [--as ADMIN]     delete unfinished intakes idle for RENKEI_RETENTION_DAYS now
  renkei help                           this text

Who you are: --as, else RENKEI_LOCAL_USER, else your OS user name, matched to "local" ids in config/offices.json.
Environment: DATABASE_URL (default file:./data/renkei.db), RENKEI_DEFAULT_LOCALE, RENKEI_CONFIG_DIR.`;

/** Exit codes: 0 done, 1 unexpected failure, 2 bad usage/config/file, 3 simulated run incomplete. */
export async function main(argv: string[]): Promise<number> {
  endQuietlyWhenStdoutCloses();
  const [command, ...rest] = argv;
  try {
    switch (command ?? 'help') {
      case 'start':
        return await start(rest);
      case 'chat':
        return await chat(rest);
      case 'simulate':
        return await runSimulate(rest);
      case 'db':
        return await db(rest);
      case 'handoffs':
        return await handoffsCommand(rest);
      case 'intakes':
        return await intakesCommand(rest);
      case 'stats':
        return await statsCommand(rest);
      case 'inbox':
        return await inboxCommand(rest);
      case 'remind':
        return await remindCommand(rest);
      case 'reminders':
        return await remindersCommand(rest);
      case 'dispatcher':
        return await dispatcherCommand();
      case 'audit':
        return await auditCommand(rest);
      case 'privacy':
        // Loaded on demand: it brings the Slack client, which every other command would pay for at start-up.
        return await (await import('./cli/privacy-command.js')).privacyCommand(rest);
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${usage}\n`);
        return 0;
      default:
        errOut(`unknown command "${command}"\n\n${usage}\n`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError || isUsageError(err)) {
      errOut(`renkei: ${(err as Error).message}\n`);
      return 2;
    }
    errOut(`renkei: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

let watchingStdout = false;

/**
 * `renkei intakes show … | head`: once the reader has what it wanted it closes the pipe and the
 * next write fails with EPIPE, which Node reports as an 'error' event on stdout, unhandled
 * unless someone listens. That is the reader's choice, not a failure: the command ends at once
 * with exit 0 and nothing on stderr, as `cat`, `grep` and `git log` do. Whatever it had
 * committed is committed; a transaction still open is rolled back by the database.
 */
function endQuietlyWhenStdoutCloses(): void {
  if (watchingStdout) return;
  watchingStdout = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') process.exit(0);
    process.stderr.write(`renkei: cannot write the output: ${error.code ?? error.message}\n`);
    process.exit(1);
  });
}

const isUsageError = (err: unknown) => err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS');



/** With Slack (or Teams) credentials: the server; without: the local terminal chat. */
async function start(args: string[]): Promise<number> {
  const config = loadConfig();
  if (!config.slack && !config.teams && !config.line) return chat(args, { dispatcher: true });
  // Runs until SIGTERM/SIGINT, then stops gracefully (see serveUntilSignal).
  // Loaded only in server mode: Bolt alone adds about a second to the local chat's start-up.
  const { serveUntilSignal } = await import('./run-server.js');
  return serveUntilSignal(await composeApp());
}

/** The terminal chat; under `start` the reminder dispatcher runs beside it (nudges land in the inbox shown here). */
async function chat(args: string[], opts: { dispatcher?: boolean } = {}): Promise<number> {
  const { values } = parseArgs({ args, options: { lang: { type: 'string' }, user: { type: 'string' } }, strict: true });
  const locale = langOption(values.lang);
  const userId = localIdentity(values.user);
  await withApp(async (app) => {
    const dispatcher = opts.dispatcher ? new Dispatcher(() => app.deps) : null;
    dispatcher?.start();
    try {
      await runConsoleChat(app.deps, { input: process.stdin, output: process.stdout, userId, ...(locale ? { locale } : {}) });
    } finally {
      await dispatcher?.stop();
    }
  });
  return 0;
}

async function runSimulate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { answers: { type: 'string' }, lang: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  if (!values.answers) throw new ConfigError('simulate needs --answers FILE');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(values.answers, 'utf8'));
  } catch (err) {
    throw new ConfigError(`answers file ${values.answers}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : `not valid JSON (${(err as Error).message})`}`);
  }
  const file = parseAnswersFile(raw);
  if (!file.ok) throw new ConfigError(`answers file ${values.answers}: ${file.problem}`);
  const locale = langOption(values.lang) ?? 'ja';
  const result = await withApp((app) =>
    simulate(app.deps, file.value, {
      userId: `simulate-${randomUUID()}`,
      locale,
      render: (reply) => renderText(app.translator, reply),
    }),
  );
  if (values.json) process.stdout.write(`${safeJson(result)}\n`);
  else process.stdout.write(`${terminalSafe(result.transcript.map((l) => (l.from === 'user' ? `> ${l.text}` : l.text)).join('\n\n'))}\n`);
  if (result.stopped) {
    errOut(`renkei: simulation stopped at ${result.stopped.questionId}: ${result.stopped.message}\n`);
    return 3;
  }
  return 0;
}

async function db(args: string[]): Promise<number> {
  if (args[0] !== 'migrate') throw new ConfigError('usage: renkei db migrate');
  await withApp(async (app) => {
    const applied = [...app.migrated, ...(await migrate(app.database))];
    process.stdout.write(`database ${app.database.location} (${app.database.provider}) is up to date${applied.length ? `; applied ${applied.join(', ')}` : ''}\n`);
  });
  return 0;
}

