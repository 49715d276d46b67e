// Styles of the result panels (townships side by side, ranking, 上报情况, 乡镇反馈): Fluent tokens only,
// so they follow Office's light, dark and high-contrast themes.
import { makeStyles, tokens } from '@fluentui/react-components';

export const useResultStyles = makeStyles({
  // The table scrolls sideways inside itself; the pane never does.
  scroller: {
    overflowX: 'auto',
    maxWidth: '100%',
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  grid: {
    width: 'auto',
    minWidth: '100%',
  },
  nameCell: {
    position: 'sticky',
    left: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground1,
    whiteSpace: 'nowrap',
    minWidth: '5em',
  },
  countyRow: {
    fontWeight: tokens.fontWeightSemibold,
  },
  valueCell: {
    minWidth: '6.5em',
    textAlign: 'end',
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  },
  valueHeader: {
    minWidth: '6.5em',
    whiteSpace: 'normal',
  },
  status: {
    marginInlineStart: tokens.spacingHorizontalXS,
  },
  sortButton: {
    minWidth: 0,
    padding: 0,
    fontWeight: tokens.fontWeightSemibold,
    textAlign: 'start',
    justifyContent: 'flex-start',
    whiteSpace: 'normal',
    height: 'auto',
  },
  chart: {
    display: 'block',
    width: '100%',
    height: 'auto',
  },
  chartLabel: {
    fill: tokens.colorNeutralForeground1,
    fontSize: '11px',
  },
  chartValue: {
    fill: tokens.colorNeutralForeground2,
    fontSize: '10px',
  },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalM,
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
  },
  missing: {
    display: 'block',
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'normal',
  },
  feedbackText: {
    width: '100%',
    boxSizing: 'border-box',
    minHeight: '8em',
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase200,
  },
  feedbackActions: {
    display: 'flex',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    marginTop: tokens.spacingVerticalXS,
  },
  copied: {
    color: tokens.colorPaletteGreenForeground1,
    fontSize: tokens.fontSizeBase200,
  },
  // The confirmation beside an issue whose cell was selected, or why it was not.
  selection: {
    paddingInlineStart: tokens.spacingHorizontalXS,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    color: tokens.colorPaletteGreenForeground1,
    overflowWrap: 'anywhere',
  },
  selectionFailed: {
    color: tokens.colorPaletteRedForeground1,
  },
  context: {
    display: 'block',
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
  // 情况说明 under an issue: indented to the text, small.
  note: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    rowGap: tokens.spacingVerticalXXS,
    paddingLeft: tokens.spacingHorizontalXXL,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
  noteActions: {
    display: 'flex',
    columnGap: tokens.spacingHorizontalS,
  },
});
