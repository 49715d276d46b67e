// 开始汇总 with, while a run goes on, a bar under it in the pane's sticky footer: the progress, naming the sheet
// being read or consolidated, and 取消. Progress arrives once per sheet (60 times on a large county); it is kept in a small store
// this component alone subscribes to, so each message repaints the bar and not the whole pane.
import { useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { Button, Field, ProgressBar } from '@fluentui/react-components';
import type { Strings } from '../i18n';
import { usePaneStyles } from '../styles';

export type Progress =
  | { phase: 'start' }
  | { phase: 'read'; sheet: string; done: number; total: number }
  | { phase: 'run'; sheet: string; done: number; total: number }
  | { phase: 'write' };

export interface ProgressStore {
  get(): Progress | null;
  set(progress: Progress | null): void;
  subscribe(listener: () => void): () => void;
}

export function createProgressStore(): ProgressStore {
  let current: Progress | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(progress) {
      current = progress;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function describeProgress(progress: Progress, t: Strings): string {
  switch (progress.phase) {
    case 'start':
      return t.progressStart;
    case 'read':
      return t.progressRead(progress.sheet, progress.done, progress.total);
    case 'run':
      return t.progressRun(progress.sheet, Math.min(progress.done + 1, progress.total), progress.total);
    case 'write':
      return t.progressWrite;
  }
}

export interface RunProgressProps {
  store: ProgressStore;
  t: Strings;
  /** 开始汇总, made by the pane. */
  runButton: ReactNode;
  onCancel: () => void;
}

export function RunProgress({ store, t, runButton, onCancel }: RunProgressProps) {
  const styles = usePaneStyles();
  const progress = useSyncExternalStore(store.subscribe, store.get);
  const writing = progress?.phase === 'write';
  const value =
    progress === null || progress.phase === 'start' || progress.phase === 'write' || progress.total === 0 ? undefined : progress.done / progress.total;
  return (
    <>
      <div className={styles.row}>{runButton}</div>
      {progress && (
        <div className={styles.runBar}>
          <Field className={styles.runBarProgress} validationMessage={describeProgress(progress, t)} validationState="none">
            <ProgressBar aria-label={t.running} value={value} />
          </Field>
          <Button onClick={onCancel} disabled={writing} title={writing ? t.cannotCancelWrite : undefined}>
            {t.cancel}
          </Button>
        </div>
      )}
    </>
  );
}
