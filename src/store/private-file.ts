import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** Readable and writable by the bot's (or the CLI user's) account only. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Writes a file that holds personal data (an export, a plan draft) as 0600. `mode` alone only
 * applies when the file is created, and a file already there (say 0644 from an older version, or
 * made by `touch`) would keep its permissions, so they are set on the open file before the text
 * goes in: at no moment is the new content readable by others.
 */
export function writePrivateFileSync(path: string, text: string | Uint8Array): void {
  const fd = openSync(path, 'w', PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
    if (typeof text === 'string') writeSync(fd, text, null, 'utf8');
    else writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** The same for text or bytes (a Word file). */
export async function writePrivateFile(path: string, text: string | Uint8Array): Promise<void> {
  const file = await open(path, 'w', PRIVATE_FILE_MODE);
  try {
    await file.chmod(PRIVATE_FILE_MODE);
    await (typeof text === 'string' ? file.writeFile(text, 'utf8') : file.writeFile(text));
  } finally {
    await file.close();
  }
}
