import { chmodSync, writeFileSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';

/** Files holding a company's names, answers and contacts: readable and writable by the service's own user only. */
export const PRIVATE_FILE_MODE = 0o600;

/** Creates or replaces a file readable by its owner only (the `mode` of writeFile applies to new files alone, hence the chmod). */
export async function writePrivateFile(path: string, data: string | Uint8Array): Promise<void> {
  await writeFile(path, data, { mode: PRIVATE_FILE_MODE });
  await chmod(path, PRIVATE_FILE_MODE);
}

export function writePrivateFileSync(path: string, data: string | Uint8Array): void {
  writeFileSync(path, data, { mode: PRIVATE_FILE_MODE });
  chmodSync(path, PRIVATE_FILE_MODE);
}
