// 情况说明 on one issue in the pane's list: the note it carries, and a field to write or change it. The
// note is kept in the workbook (App saves it) and written into 校验结果 by the next run.
import { useId, useState } from 'react';
import { Button, Field, Textarea } from '@fluentui/react-components';
import type { Lang } from '../../engine';
import { STRINGS } from '../i18n';
import { useResultStyles } from '../resultStyles';

export interface IssueNoteProps {
  lang: Lang;
  note: string | null;
  /** Saves the note; rejects when it could not be kept (the field stays open). */
  onSave: (note: string) => Promise<void>;
}

export function IssueNote({ lang, note, onSave }: IssueNoteProps) {
  const t = STRINGS[lang];
  const styles = useResultStyles();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(note ?? '');
  const [saving, setSaving] = useState(false);
  const shownId = useId();

  const save = async () => {
    setSaving(true);
    try {
      await onSave(text.trim());
      setEditing(false);
    } catch {
      // The pane shows why; the text stays to try again.
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className={styles.note}>
      {note && !editing && <span id={shownId}>{t.noteShown(note)}</span>}
      {editing ? (
        <>
          <Field label={t.noteLabel}>
            <Textarea value={text} resize="vertical" onChange={(_, d) => setText(d.value)} />
          </Field>
          <div className={styles.noteActions}>
            <Button size="small" appearance="primary" disabled={saving || text.trim() === ''} onClick={() => void save()}>
              {t.noteSave}
            </Button>
            <Button size="small" disabled={saving} onClick={() => setEditing(false)}>
              {t.noteCancel}
            </Button>
          </div>
        </>
      ) : (
        <Button
          size="small"
          appearance="transparent"
          aria-describedby={note ? shownId : undefined}
          onClick={() => {
            setText(note ?? '');
            setEditing(true);
          }}
        >
          {note ? t.noteEdit : t.noteWrite}
        </Button>
      )}
    </div>
  );
}
