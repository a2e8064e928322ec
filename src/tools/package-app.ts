import { resolve } from 'node:path';
import { COMMANDS } from '../router/command-table';
import { buildAppPackage, PackageError } from './build-app-package';

/**
 * `npm run package`: builds build/appPackage.zip for sideloading, from appPackage/ and env/.env.<TEAMSFX_ENV or local>.
 * Paths are relative to the working directory, which npm sets to the repository root.
 */
buildAppPackage({
  appPackageDir: resolve('appPackage'),
  envDir: resolve('env'),
  outFile: resolve('build', 'appPackage.zip'),
  env: process.env,
  commands: COMMANDS,
}).then(
  (file) => console.log(file),
  (err: unknown) => {
    // A PackageError is operator advice; anything else is a bug, so keep its stack.
    console.error(err instanceof PackageError ? err.message : err);
    process.exitCode = 1;
  },
);
