import fs from 'node:fs';
import path from 'node:path';

export interface FolderWatch {
  close(): void;
}

export interface WatchOptions {
  /** How long the folder must be still before `changed` is called: a save, a copy of many files, a checkout is one change. */
  quietMs: number;
  /** The longest `changed` waits after the first change of a burst, however long the burst goes on. */
  maxWaitMs: number;
  /** Changes that are none of the store's, by path below the folder with forward slashes. */
  ignore?: (rel: string) => boolean;
  /** The folder cannot be watched (any longer): it was removed, or the system allows no more watches. */
  onError: (err: Error) => void;
}

/**
 * Calls `changed` once a burst of changes anywhere below `dir` has settled. Watching keeps no
 * process alive that has nothing else to do.
 */
export function watchFolder(dir: string, changed: () => void, opts: WatchOptions): FolderWatch {
  let timer: NodeJS.Timeout | undefined;
  let first: number | undefined;
  const settle = () => {
    timer = undefined;
    first = undefined;
    changed();
  };
  let watcher: fs.FSWatcher;
  try {
    watcher = fs.watch(dir, { recursive: true }, (_event, file) => {
      if (file && opts.ignore?.(file.split(path.sep).join('/'))) return;
      const now = Date.now();
      first ??= now;
      clearTimeout(timer);
      timer = setTimeout(settle, Math.max(0, Math.min(opts.quietMs, first + opts.maxWaitMs - now)));
      timer.unref();
    });
  } catch (err) {
    opts.onError(err as Error);
    return { close: () => undefined };
  }
  watcher.on('error', (err) => {
    clearTimeout(timer);
    watcher.close();
    opts.onError(err);
  });
  watcher.unref();
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
