/**
 * Is this `db` setting a PostgreSQL URL rather than a SQLite file path? In a module of its own so
 * that callers which only look at the setting (`--help`, the CLI's store-file check) do not load
 * a database driver.
 */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}
