"""Small files of each kind we accept, built here, and the hostile ones we must refuse."""

import io
import zipfile

from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOC = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
HTML_WITH_SCRIPT = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>'
)


def image(pillow_format):
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buffer, pillow_format)
    return buffer.getvalue()


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx():
    return zipped(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "word/document.xml": '<?xml version="1.0"?><w:document/>',
        }
    )


def odt(mimetype="application/vnd.oasis.opendocument.text"):
    return zipped({"mimetype": mimetype, "content.xml": '<?xml version="1.0"?><office:document-content/>'})
