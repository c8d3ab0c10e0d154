"""Import files made in memory, and the multipart upload of one to ``importCustomers``."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import Workbook, load_workbook

IMPORT = """mutation($file: Upload!, $dry: Boolean!){ importCustomers(file:$file, dryRun:$dry){
  report { dryRun total valid rejected created contactsCreated ignoredColumns
           rowErrors { row column field code message } }
  job { id status total processed }
  errors { field code message } } }"""


def csv_bytes(rows: list[list], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_xlsx(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def upload(gql, content: bytes, file_name: str, *, as_user: str = "rep", dry_run: bool = True,
           locale: str = "en", status: int = 200) -> dict:
    """POST a GraphQL multipart request (the upload spec) and return the JSON answer."""
    operations = {"query": IMPORT, "variables": {"file": None, "dry": dry_run}}
    response = gql.client.post(
        "/graphql", data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (file_name, content, "application/octet-stream")},
        headers={"Authorization": f"Bearer {gql.token(as_user)}", "accept-language": locale})
    assert response.status_code == status, response.text
    return response.json()


def imported(gql, content: bytes, file_name: str, **options) -> dict:
    body = upload(gql, content, file_name, **options)
    assert "errors" not in body, body
    return body["data"]["importCustomers"]
