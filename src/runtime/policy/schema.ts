import { z } from 'zod';

const netList = z.array(z.string().min(1));

/**
 * The permissions file as a person writes it (`vigil-permissions.json`). Unknown keys are an
 * error and every grant defaults to "denied", so a typo can never widen the policy (fail closed).
 * Paths may start with `${project}`, `${home}` or `${tmp}`; relative paths are relative to the
 * project and may not leave it.
 */
export const WrittenPolicy = z.strictObject({
  /** Format version; only 1 exists. */
  version: z.literal(1),
  fs: z
    .strictObject({
      read: z.array(z.string().min(1)).default([]),
      write: z.array(z.string().min(1)).default([]),
    })
    .default({ read: [], write: [] }),
  /**
   * The exact commands the application may start (`["git --version", "node"]`): each is matched
   * word for word before the spawn; `true` allows any child (warned about everywhere), `false` none.
   */
  childProcess: z.union([z.boolean(), z.array(z.string().trim().min(1))]).default(false),
  worker: z.boolean().default(false),
  addons: z.boolean().default(false),
  wasi: z.boolean().default(false),
  /**
   * Network destinations: a list (outbound only: `host`, `host:port`, `*.example.com:443`,
   * `[::1]:*`, `*`), or `{ connect, listen }` where `listen` lists what servers may bind
   * (`127.0.0.1:3000`, `*:8080`, `127.0.0.1:0` for a port the system picks).
   */
  net: z.union([netList, z.strictObject({ connect: netList.default([]), listen: netList.default([]) })]).default([]),
  /** Environment variables passed to the application; every other one is dropped. */
  env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')).default([]),
});
export type WrittenPolicy = z.infer<typeof WrittenPolicy>;

/** The default file name, looked for next to the entry point only (never in parent directories). */
export const POLICY_FILE_NAME = 'vigil-permissions.json';
