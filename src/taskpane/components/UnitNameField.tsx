// 单位名称: the name of the unit being rolled up (青山县). It titles each result sheet and names the
// total row (青山县合计), and is kept in the workbook, so next month's run has it already.
import { Field, Input } from '@fluentui/react-components';
import { totalRowName } from '../../engine';
import type { Lang } from '../../engine';
import { STRINGS } from '../i18n';
import { usePaneStyles } from '../styles';

export interface UnitNameFieldProps {
  lang: Lang;
  value: string;
  disabled?: boolean;
  onChange: (value: string) => void;
  /** When the user leaves the field: the name to keep in the workbook. */
  onCommit: (value: string) => void;
}

export function UnitNameField({ lang, value, disabled, onChange, onCommit }: UnitNameFieldProps) {
  const t = STRINGS[lang];
  const styles = usePaneStyles();
  return (
    <Field className={styles.footerDate} label={t.unitName} hint={value.trim() ? t.unitNameTotal(totalRowName('township', value, lang)) : undefined}>
      <Input
        value={value}
        placeholder={t.unitNamePlaceholder}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        maxLength={40}
        onChange={(_, d) => onChange(d.value)}
        onBlur={() => onCommit(value.trim())}
      />
    </Field>
  );
}
