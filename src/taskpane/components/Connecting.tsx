// What the pane shows inside Office until Excel is ready: a spinner, then (after a while) a plain note
// that it is still waiting, or, when office.js never loaded, what is wrong and what the county can do.
import { FluentProvider, MessageBar, MessageBarBody, MessageBarTitle, Spinner, webLightTheme } from '@fluentui/react-components';
import type { Lang } from '../../engine';
import { STRINGS } from '../i18n';
import { usePaneStyles } from '../styles';

export type ConnectingState = 'waiting' | 'slow' | 'no-office-js' | 'not-excel';

export function Connecting({ lang, state }: { lang: Lang; state: ConnectingState }) {
  const styles = usePaneStyles();
  const t = STRINGS[lang];
  return (
    <FluentProvider theme={webLightTheme} lang={lang}>
      <main className={styles.root}>
        {(state === 'waiting' || state === 'slow') && <Spinner label={t.connecting} />}
        {state === 'slow' && (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>{t.connectingSlow}</MessageBarBody>
          </MessageBar>
        )}
        {state === 'no-office-js' && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t.officeJsMissingTitle}</MessageBarTitle>
              {t.officeJsMissing}
            </MessageBarBody>
          </MessageBar>
        )}
        {state === 'not-excel' && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>{t.notExcel}</MessageBarBody>
          </MessageBar>
        )}
      </main>
    </FluentProvider>
  );
}
