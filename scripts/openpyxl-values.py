#!/usr/bin/env python3
"""Cell values of .xlsx/.xlsm files as openpyxl reads them (data_only=True: formula cells as their cached
results), printed as one JSON object {file: {"sheets": [{"name", "cells": [[row, col, value]...]}]} | {"error": "..."}},
rows and columns 0-based, only cells that hold a value (a sheet's claimed dimension can be the whole grid).
The reference test/cli/others.test.ts compares our reader against. Usage: openpyxl-values.py FILE..."""
import datetime
import json
import sys
import warnings

import openpyxl


def plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime.datetime):
        return {"date": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": datetime.datetime(value.year, value.month, value.day).isoformat()}
    return {"other": str(value)}


def read(path):
    wb = openpyxl.load_workbook(path, data_only=True, read_only=False)
    sheets = []
    for ws in wb.worksheets:
        # The cells the file holds, not the grid its <dimension> claims.
        cells = [[r - 1, c - 1, plain(cell.value)] for (r, c), cell in sorted(ws._cells.items()) if cell.value is not None]
        sheets.append({"name": ws.title, "cells": cells})
    return {"sheets": sheets}


def main():
    warnings.simplefilter("ignore")
    out = {}
    for path in sys.argv[1:]:
        try:
            out[path] = read(path)
        except Exception as e:  # noqa: BLE001 - any failure means "openpyxl does not open it"
            out[path] = {"error": f"{type(e).__name__}: {e}"}
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
