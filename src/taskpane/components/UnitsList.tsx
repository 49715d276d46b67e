// 汇总单位: the counties' result workbooks the workbook holds as units (imported with 导入乡镇文件), as
// the dry run read them — each county's name, its file, and the errors and warnings its own 校验结果
// still holds. Each is a way to the total row it was read from.
import { Button, Subtitle2 } from '@fluentui/react-components';
import type { CellRef, Lang, UnitSummary } from '../../engine';
import { STRINGS } from '../i18n';
import { usePaneStyles } from '../styles';

export function UnitsList({ lang, units, onSelectCell }: { lang: Lang; units: UnitSummary[]; onSelectCell: (ref: CellRef) => void }) {
  const t = STRINGS[lang];
  const styles = usePaneStyles();
  return (
    <section className={styles.section} aria-labelledby="units-title">
      <Subtitle2 as="h2" id="units-title">
        {t.unitsTitle}
      </Subtitle2>
      <ul className={styles.issueList} aria-labelledby="units-title">
        {units.map((u) => (
          <li key={`${u.source}/${u.sheet}`}>
            <Button appearance="subtle" className={styles.issue} title={t.goToCell(u.sheet, u.cell)} onClick={() => onSelectCell({ sheet: u.sheet, cell: u.cell })}>
              {t.unitLine(u.name, u.source, u.errors, u.warnings)}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
