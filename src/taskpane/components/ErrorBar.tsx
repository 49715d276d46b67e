// A failure as a MessageBar: the user message up front, the details behind "更多信息".
import { useState } from 'react';
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { Lang } from '../../engine';
import { describeError } from '../errorText';
import { STRINGS } from '../i18n';
import { usePaneStyles } from '../styles';

export interface ErrorBarProps {
  error: unknown;
  lang: Lang;
  onDismiss: () => void;
}

export function ErrorBar({ error, lang, onDismiss }: ErrorBarProps) {
  const t = STRINGS[lang];
  const styles = usePaneStyles();
  const [open, setOpen] = useState(false);
  const { message, details } = describeError(error, lang);
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{t.errorTitle}</MessageBarTitle>
        {message}
        {open && (
          <ul className={styles.details} aria-label={t.moreInfo}>
            {details.map((d, n) => (
              <li key={n}>{d}</li>
            ))}
          </ul>
        )}
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t.lessInfo : t.moreInfo}
        </Button>
        <Button size="small" appearance="transparent" onClick={onDismiss}>
          {t.dismiss}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
