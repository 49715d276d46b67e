// Shared layout of the pane: a single column that reads at 320–450 px, Fluent tokens only.
import { makeStyles, tokens } from '@fluentui/react-components';

const PANE_MARGIN = '20px';

export const usePaneStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalL,
    // Microsoft's task pane guidance: 20 px margins. None at the foot, where the footer sits.
    padding: `${PANE_MARGIN} ${PANE_MARGIN} 0`,
    minWidth: 0,
    maxWidth: '100%',
    boxSizing: 'border-box',
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalS,
  },
  section: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
    paddingTop: tokens.spacingVerticalS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
  sheet: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalXS} 0`,
  },
  detail: {
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    paddingLeft: tokens.spacingHorizontalXXL,
    overflowWrap: 'anywhere',
  },
  hint: {
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
  },
  sheetActions: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalXS,
    // The subtle buttons' own padding lines their text up with the detail lines above.
    marginLeft: `calc(-1 * ${tokens.spacingHorizontalS})`,
  },
  layoutDetails: {
    margin: `0 0 0 ${tokens.spacingHorizontalXXL}`,
    padding: tokens.spacingHorizontalS,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXS,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
    overflowWrap: 'anywhere',
  },
  layoutDetail: {
    display: 'grid',
    gridTemplateColumns: 'minmax(5.5em, auto) 1fr',
    columnGap: tokens.spacingHorizontalS,
    '& dt': { color: tokens.colorNeutralForeground3 },
    '& dd': { margin: 0 },
  },
  columnList: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
  },
  correction: {
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
    marginLeft: tokens.spacingHorizontalXXL,
    padding: tokens.spacingHorizontalS,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  // Long indicator names in a select must not widen the form past a 320 px pane.
  fitField: {
    minWidth: 0,
    '& label': { overflowWrap: 'anywhere' },
  },
  fitSelect: {
    minWidth: 0,
    width: '100%',
    maxWidth: '100%',
  },
  fitSelectInner: {
    minWidth: 0,
    width: '100%',
    textOverflow: 'ellipsis',
  },
  numbers: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(120px, 1fr))',
    gap: tokens.spacingHorizontalS,
  },
  // Five counts in two even rows at any pane width: what was read (three), then what is wrong (two).
  counts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(6, minmax(0, 1fr))',
    gap: tokens.spacingHorizontalS,
    margin: 0,
  },
  countWide: {
    gridColumnEnd: 'span 3',
  },
  countNarrow: {
    gridColumnEnd: 'span 2',
  },
  countBad: {
    color: tokens.colorPaletteRedForeground1,
  },
  countWarn: {
    color: tokens.colorPaletteDarkOrangeForeground1,
  },
  count: {
    display: 'flex',
    flexDirection: 'column-reverse',
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  countValue: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
  },
  countLabel: {
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    color: tokens.colorNeutralForeground3,
  },
  // Badges keep their words on one line (a narrow pane otherwise breaks 超额完成 inside the pill).
  badge: {
    flexShrink: 0,
    whiteSpace: 'nowrap',
  },
  // English severities differ in length (Error, Warning, Note): one width keeps the issue texts in line.
  severityEn: {
    minWidth: '4.4em',
  },
  issueList: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXS,
  },
  issue: {
    display: 'flex',
    alignItems: 'flex-start',
    columnGap: tokens.spacingHorizontalS,
    width: '100%',
    textAlign: 'start',
    justifyContent: 'flex-start',
    fontWeight: tokens.fontWeightRegular,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalXS}`,
    minWidth: 0,
  },
  issueText: {
    display: 'flex',
    flexDirection: 'column',
    minWidth: 0,
    overflowWrap: 'anywhere',
  },
  cellRef: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground3,
  },
  tableWrap: {
    overflowX: 'auto',
    maxWidth: '100%',
  },
  rateColumn: {
    width: '4.5em',
  },
  statusColumn: {
    width: '6em',
  },
  number: {
    textAlign: 'end',
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  },
  numberHeader: {
    justifyContent: 'flex-end',
    textAlign: 'end',
  },
  indicatorName: {
    display: 'block',
    paddingTop: tokens.spacingVerticalXXS,
  },
  // 实际 and 目标 side by side, each kept whole: on a narrow pane 目标 moves under 实际.
  figures: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: '0.8em',
    '& > span': { whiteSpace: 'nowrap' },
    paddingBottom: tokens.spacingVerticalXXS,
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    fontVariantNumeric: 'tabular-nums',
  },
  hiddenInput: {
    display: 'none',
  },
  // Only the language menu: the add-in's name is on the pane's title bar already.
  paneHeader: {
    display: 'flex',
    justifyContent: 'flex-end',
    marginTop: `calc(-1 * ${tokens.spacingVerticalS})`,
    marginBottom: `calc(-1 * ${tokens.spacingVerticalM})`,
  },
  // 统计截止日期 and 开始汇总 (and, while a run goes on, its progress and 取消) stay in sight at the foot of
  // the pane however it is scrolled; at the end of the page the footer sits in its own place.
  footer: {
    position: 'sticky',
    bottom: 0,
    zIndex: 1,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
    margin: `0 calc(-1 * ${PANE_MARGIN})`,
    padding: `${tokens.spacingVerticalM} ${PANE_MARGIN}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    boxShadow: tokens.shadow8,
  },
  // 单位名称 and 统计截止日期 side by side where the pane is wide enough, one above the other in a
  // 350 px pane (each field's hint needs about 160 px).
  footerRow: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
  footerDate: {
    flexGrow: 1,
    flexBasis: '160px',
    minWidth: 0,
  },
  runBar: {
    display: 'flex',
    alignItems: 'flex-end',
    columnGap: tokens.spacingHorizontalS,
  },
  runBarProgress: {
    flexGrow: 1,
    minWidth: 0,
  },
  sourcesSummary: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    columnGap: tokens.spacingHorizontalS,
  },
  unreadWarning: {
    marginLeft: tokens.spacingHorizontalXXL,
  },
  suggestionList: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXXS,
  },
  suggestion: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    columnGap: tokens.spacingHorizontalS,
    overflowWrap: 'anywhere',
  },
  // Read by screen readers, not shown: the run's summary as it is announced.
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
  details: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
});
