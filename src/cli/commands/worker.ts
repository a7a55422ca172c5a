import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { action, type CommandContext } from '../context.js';
import type { CommandDefinition } from './registry.js';

/** The shared store and queue: workers need PostgreSQL (SQLite is one machine, one process). */
export async function openSharedStore(context: CommandContext, what: string) {
  const { isPostgresUrl } = await import('../../store/index.js');
  const db = context.config().db;
  if (!isPostgresUrl(db)) throw new UsageError(`${what} needs the shared PostgreSQL store: pass --db postgres://… or set VIGIL_DB (the store is ${db})`);
  const { openPostgresStore } = await import('../../store/postgres/index.js');
  return openPostgresStore(db, { poolSize: 8 });
}

export const queueSchemaOption = (command: Command): Command => command.option('--queue-schema <name>', 'PostgreSQL schema of the job queue', 'vigil_queue');

export const workerCommand: CommandDefinition = {
  name: 'worker',
  summary: "share an organisation's work with other machines: run queued jobs (scoring, reviews, upstream checks) from the PostgreSQL store",
  configure(command) {
    queueSchemaOption(command)
      .option('--concurrency <n>', 'jobs run at once by this process', '4')
      .option('--stale-after <seconds>', 'a worker silent this long is dead and its jobs run elsewhere', '15')
      .addHelpText(
        'after',
        `
Jobs come from \`vigil monitor run --queue\` (one per repository). Each repository is scored by
at most one worker at a time; a failed job is retried with backoff (3 s, 7 s, 20 s, 55 s) and is
dead after 5 attempts, with its error (\`vigil monitor status\`). Workers on one GitHub token
share its rate limit through the store. Stop with Ctrl-C: running jobs finish first.

Examples:
  vigil worker --db postgres://vigil@db.internal/vigil --concurrency 8   # on each machine, GITHUB_TOKEN set
  vigil worker --stale-after 30                                         # VIGIL_DB names the store`,
      )
      .action(
        action(async (context, options: { queueSchema: string; concurrency: string; staleAfter: string }) => {
          const concurrency = Number(options.concurrency);
          if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency expects a positive integer, got "${options.concurrency}"`);
          const staleMs = Number(options.staleAfter) * 1000;
          if (!Number.isFinite(staleMs) || staleMs < 1000) throw new UsageError(`--stale-after expects seconds (≥ 1), got "${options.staleAfter}"`);
          const config = context.config();
          const store = await openSharedStore(context, 'vigil worker');
          const { startWorker, RateBudget } = await import('../../workers/index.js');
          const { cacheDir } = await import('../../config/defaults.js');
          const worker = await startWorker({
            pool: store.pool,
            schema: options.queueSchema,
            concurrency,
            staleMs,
            heartbeatMs: Math.max(250, Math.min(2000, staleMs / 4)),
            context: {
              store,
              queue: store.queue,
              github: { baseUrl: config.github.baseUrl, token: config.github.token },
              clonesDirectory: join(cacheDir(context.env), 'worker'),
              budget: new RateBudget(store.queue),
              log: (message) => context.logger.info(message),
            },
            onEvent: (message) => context.logger.warn(message),
          });
          context.logger.info(`worker ${worker.id}: ${concurrency} at once, queue ${options.queueSchema} on ${store.location}`);
          await new Promise<void>((resolve, reject) => {
            process.once('SIGINT', () => resolve());
            process.once('SIGTERM', () => resolve());
            worker.done.then(resolve, reject);
          });
          await worker.stop();
          await store.close();
          return 0;
        }),
      );
  },
};
