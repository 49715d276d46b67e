// The preview's Excel namespace: Excel.run and RequestContext over a PreviewBook, with the enums the
// add-in uses. Handed to createWorkbookHost in place of Office's global Excel.
import { PreviewHostState } from './context';
import { PREVIEW_ERROR_CODES } from './errors';
import type { PreviewBook } from './model';
import { RequestContext } from './objects';

export type { PreviewStats, SyncRecord } from './context';
export { PAYLOAD_LIMIT_BYTES } from './context';
export { PreviewRichApiError } from './errors';
export { PreviewBook } from './model';
export { RequestContext } from './objects';

export interface PreviewExcel {
  run<T>(batch: (context: RequestContext) => Promise<T>): Promise<T>;
  RequestContext: new () => RequestContext;
  ErrorCodes: typeof PREVIEW_ERROR_CODES;
  ConditionalFormatType: { cellValue: 'CellValue'; textComparison: 'TextComparison' };
  ConditionalCellValueOperator: { equalTo: 'EqualTo'; notEqualTo: 'NotEqualTo' };
  SheetVisibility: { visible: 'Visible'; hidden: 'Hidden'; veryHidden: 'VeryHidden' };
  WorksheetPositionType: { none: 'None'; before: 'Before'; after: 'After'; beginning: 'Beginning'; end: 'End' };
}

export function createPreviewExcel(host: PreviewHostState): PreviewExcel {
  class BoundContext extends RequestContext {
    constructor() {
      super(host);
    }
  }
  return {
    async run<T>(batch: (context: RequestContext) => Promise<T>): Promise<T> {
      const context = new BoundContext();
      const result = await batch(context);
      await context.sync();
      return result;
    },
    RequestContext: BoundContext,
    ErrorCodes: PREVIEW_ERROR_CODES,
    ConditionalFormatType: { cellValue: 'CellValue', textComparison: 'TextComparison' },
    ConditionalCellValueOperator: { equalTo: 'EqualTo', notEqualTo: 'NotEqualTo' },
    SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
    WorksheetPositionType: { none: 'None', before: 'Before', after: 'After', beginning: 'Beginning', end: 'End' },
  };
}

export function newHostState(book: PreviewBook): PreviewHostState {
  return new PreviewHostState(book);
}
export { PreviewHostState };
