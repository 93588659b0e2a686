// Shared test utilities, one import for all: temp folders, the built CLI, the canary password, and
// the reference clients (mariadb, openssl s_client) for lab servers.
export { tempDir, removeDir, writeIn, writeFiles } from './temp-dir';
export { runCli, cliMissingReason, CLI_PATH, REPO_ROOT, type CliResult, type CliOptions } from './run-cli';
export { runMain, type MainResult } from './run-main';
export { CANARY_PASSWORD, assertNoCanary, containsCanary, canaryForms, leakedFragments, assertNoFragment } from './canary';
export {
  mariadbClient, mysqlErrorCode, sClient, chainFrom, negotiatedProtocol, type MariadbOptions, type Ran,
} from './lab-clients';
