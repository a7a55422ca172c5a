import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { action } from '../context.js';
import { requireStoreFile } from '../store-file.js';
import type { CommandDefinition } from './registry.js';

export const serveCommand: CommandDefinition = {
  name: 'serve',
  summary: 'the dashboard: scores, trends, checks by repository and vulnerability findings, in a browser',
  configure(command: Command) {
    command
      .option('--host <host>', 'interface to bind (localhost by default; the store is not meant for the internet)', '127.0.0.1')
      .option('--port <port>', 'port (0 picks a free one)', '8080')
      .option('--token-env <name>', 'environment variable holding the access token (required when --host is not loopback)', 'VIGIL_SERVE_TOKEN')
      .addHelpText(
        'after',
        `
Pages: / (every repository's score and trend), /repo/<platform>/<org>/<repo> (history chart,
per-check history, current details), /checks (checks × repositories heat map), /findings
(Vulnerability Review findings per project and release line). Charts are SVG rendered on the
server: nothing needs JavaScript or a build step.

Examples:
  vigil monitor import --database tools/ossf_scorecard/database.json && vigil serve
  vigil serve --port 0 --db ./vigil.db
  VIGIL_SERVE_TOKEN=$(openssl rand -hex 16) vigil serve --host 0.0.0.0   # visitors need the token
  vigil serve --db postgres://vigil@db.internal/vigil                    # the shared store of the workers

Bound to 127.0.0.1 by default. Any other --host needs a token (16+ characters) in
VIGIL_SERVE_TOKEN: browsers open /?token=<token> once (it becomes an HttpOnly cookie), scripts
send "Authorization: Bearer <token>".`,
      )
      .action(
        action(async (context, options: { host: string; port: string; tokenEnv: string }) => {
          const port = Number(options.port);
          if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port expects 0–65535, got "${options.port}"`);
          const { openStore } = await import('../../store/index.js');
          const { startDashboard } = await import('../../serve/server.js');
          const { checkExposure } = await import('../../serve/access.js');
          const token = context.env[options.tokenEnv] || undefined;
          checkExposure(options.host, token);
          // The dashboard shows the store; it never creates one at a mistyped --db (issue #17).
          requireStoreFile(context.config().db);
          const store = await openStore(context.config().db);
          let dashboard;
          try {
            dashboard = await startDashboard(store, { host: options.host, port, ...(token ? { token } : {}) });
          } catch (error) {
            await store.close();
            throw error;
          }
          context.print(context.json ? JSON.stringify({ url: dashboard.url }) : `Vigil dashboard on ${dashboard.url} (Ctrl-C to stop)`);
          await new Promise<void>((resolve) => {
            const stop = (): void => resolve();
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
          });
          await dashboard.close();
          await store.close();
          return 0;
        }),
      );
  },
};
