// A completion status as the pane shows it everywhere (完成情况, 乡镇对比): the engine's word on a chip
// whose colour the status decides. The hues are those of the result sheets' status fills (the engine's
// STATUS_FILL: green when met, blue on track, amber lagging, red unmet or over a limit, grey without
// data), as Fluent tokens so that Office's dark and high-contrast themes recolour them. The word is
// always there: the colour never speaks alone.
import { Badge, makeStyles, mergeClasses, shorthands, tokens } from '@fluentui/react-components';
import { statusLabel } from '../../engine';
import type { CompletionStatus, Lang } from '../../engine';

const useChipStyles = makeStyles({
  chip: {
    flexShrink: 0,
    whiteSpace: 'nowrap',
    color: tokens.colorNeutralForeground1,
    fontWeight: tokens.fontWeightRegular,
  },
  good: { backgroundColor: tokens.colorPaletteGreenBackground2, ...shorthands.borderColor(tokens.colorPaletteGreenBorder1) },
  neutral: { backgroundColor: tokens.colorPaletteBlueBackground2, ...shorthands.borderColor(tokens.colorPaletteBlueBorderActive) },
  behind: { backgroundColor: tokens.colorPaletteMarigoldBackground2, ...shorthands.borderColor(tokens.colorPaletteMarigoldBorder1) },
  bad: { backgroundColor: tokens.colorPaletteRedBackground2, ...shorthands.borderColor(tokens.colorPaletteRedBorder1) },
  none: { backgroundColor: tokens.colorNeutralBackground4, ...shorthands.borderColor(tokens.colorNeutralStroke1) },
});

type Tone = keyof Omit<ReturnType<typeof useChipStyles>, 'chip'>;

/** Each status's tone, as the sheets colour it. */
export const STATUS_TONE: Record<CompletionStatus, Tone> = {
  met: 'good',
  completed: 'good',
  'on-track': 'neutral',
  lagging: 'behind',
  unmet: 'bad',
  'over-limit': 'bad',
  'no-data': 'none',
};

export function StatusChip({ status, lang, className }: { status: CompletionStatus; lang: Lang; className?: string }) {
  const styles = useChipStyles();
  const tone = STATUS_TONE[status];
  return (
    <Badge appearance="outline" size="medium" shape="rounded" data-status={status} className={mergeClasses(styles.chip, styles[tone], className)}>
      {statusLabel(status, lang)}
    </Badge>
  );
}
