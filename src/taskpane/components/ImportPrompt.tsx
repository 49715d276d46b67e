// 导入乡镇文件 when the file brings a sheet the workbook already has: replace it, keep both, or cancel
// this file. Keeping both would count a township twice, so the question is asked, never assumed.
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-components';
import type { Lang } from '../../engine';
import { STRINGS } from '../i18n';

export type ClashChoice = 'replace' | 'keep' | 'cancel';

export interface Clash {
  file: string;
  sheets: string[];
}

export function ImportPrompt({ lang, clash, onChoose }: { lang: Lang; clash: Clash | null; onChoose: (choice: ClashChoice) => void }) {
  const t = STRINGS[lang];
  return (
    <Dialog open={clash !== null} modalType="alert" onOpenChange={(_, d) => !d.open && onChoose('cancel')}>
      <DialogSurface>
        {clash && (
          <DialogBody>
            <DialogTitle>{t.existsTitle(clash.sheets[0])}</DialogTitle>
            <DialogContent>{t.existsBody(clash.file, clash.sheets)}</DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={() => onChoose('replace')}>
                {t.replaceSheet}
              </Button>
              <Button onClick={() => onChoose('keep')}>{t.keepBoth}</Button>
              <Button onClick={() => onChoose('cancel')}>{t.cancelImport}</Button>
            </DialogActions>
          </DialogBody>
        )}
      </DialogSurface>
    </Dialog>
  );
}
