#!/usr/bin/env python3
"""The benchmark's reference: the same county roll-up done the way a statistician would script it with
pandas + openpyxl. Reads every township sheet of the benchmark workbook (title row, header with units,
facility rows, 合计), takes each indicator column by name, names every non-numeric figure, checks each
facility row against the rules and each 合计 against its rows, sums counts per township and county,
recomputes rates as Σnumerator / Σdenominator, and writes a result workbook and a JSON summary.

usage: pandas_rollup.py WORKBOOK DEFINITIONS.json OUT.xlsx OUT.json
DEFINITIONS.json: {"indicators": [{code, name, unit, kind, numerator, denominator, factor, min, max}],
                   "rules": [{name, expression, severity}]}
"""
import json
import re
import sys

import pandas as pd

REF = re.compile(r"\[([^\]]+)\]")
UNIT = re.compile(r"[（(][^）)]*[）)]\s*$")


def rule_checker(expression):
    """'[A] + [B] <= [C]' → (codes on the left, codes on the right); the catalog's rules are all this shape."""
    left, right = expression.split("<=")
    return REF.findall(left), REF.findall(right)


def main(workbook, definitions_file, out_xlsx, out_json):
    with open(definitions_file, encoding="utf-8") as f:
        definitions = json.load(f)
    indicators = definitions["indicators"]
    by_name = {d["name"]: d for d in indicators}
    counts = [d for d in indicators if d["kind"] == "count"]
    rates = [d for d in indicators if d["kind"] == "rate"]
    codes = {d["code"] for d in indicators}
    rules = [(r, *rule_checker(r["expression"])) for r in definitions["rules"]]
    rules = [(r, left, right) for r, left, right in rules if set(left + right) <= codes]

    issues = []
    township_rows = []
    sheets = pd.read_excel(workbook, sheet_name=None, header=1, engine="openpyxl")
    for township, frame in sheets.items():
        frame = frame.rename(columns=lambda c: by_name.get(UNIT.sub("", str(c)).strip(), {}).get("code", c))
        names = frame["机构名称"].astype(str)
        is_total = names.isin(["合计", "小计", "总计"])
        facilities = frame[~is_total & frame["机构名称"].notna()]
        total_row = frame[is_total]
        values = {}
        for d in counts:
            raw = facilities[d["code"]]
            numbers = pd.to_numeric(raw, errors="coerce")
            for index in raw.index[numbers.isna() & raw.notna()]:
                issues.append(("error", township, index + 3, d["code"], f"不是数字：{raw[index]}"))
            out_of_range = numbers[(numbers < d["min"]) | (numbers > d["max"])]
            for index in out_of_range.index:
                issues.append(("warning", township, index + 3, d["code"], "超出合理范围"))
            values[d["code"]] = numbers
            if len(total_row):
                printed = pd.to_numeric(total_row[d["code"]], errors="coerce").iloc[0]
                if pd.notna(printed) and abs(printed - numbers.sum()) > 0.5:
                    issues.append(("warning", township, int(total_row.index[0]) + 3, d["code"], "合计与各机构之和不符"))
        for rule, left, right in rules:
            lhs = sum(values[c].fillna(0) for c in left)
            rhs = sum(values[c].fillna(0) for c in right)
            for index in lhs.index[lhs > rhs]:
                issues.append((rule["severity"], township, index + 3, rule["name"], "违反校验规则"))
        township_rows.append({"乡镇": township, **{c: v.sum() for c, v in values.items()}})

    summary = pd.DataFrame(township_rows)
    county = summary[[d["code"] for d in counts]].sum()
    summary.loc[len(summary)] = {"乡镇": "全县合计", **county.to_dict()}
    for d in rates:
        num = REF.findall(d["numerator"])[0]
        den = REF.findall(d["denominator"])[0]
        summary[d["code"]] = (summary[num] / summary[den] * d["factor"]).round(2)
    issue_frame = pd.DataFrame(issues, columns=["级别", "工作表", "行", "指标或规则", "问题"])
    with pd.ExcelWriter(out_xlsx, engine="openpyxl") as writer:
        summary.to_excel(writer, sheet_name="县级汇总", index=False)
        issue_frame.to_excel(writer, sheet_name="校验结果", index=False)
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(
            {
                "county": {k: float(v) for k, v in summary.iloc[-1].items() if k != "乡镇"},
                "errors": int((issue_frame["级别"] == "error").sum()),
                "warnings": int((issue_frame["级别"] == "warning").sum()),
            },
            f,
            ensure_ascii=False,
        )


if __name__ == "__main__":
    main(*sys.argv[1:5])
