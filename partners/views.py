from django.http import Http404
from django.views.decorators.http import require_safe

from core.uploads import upload_response
from partners.models import AgreementDocument


@require_safe
def document(request, name):
    """An agreement's document: public ones for everyone, the others for staff who may read them.

    Uploaded files are never served as plain static files, so a private document's address
    is no secret to guard. A refusal looks like a missing file (404).
    """
    doc = AgreementDocument.objects.select_related("agreement__partner").filter(file=name).first()
    if doc is None or not doc.is_readable_by(request.user):
        raise Http404
    return upload_response(doc.file, AgreementDocument.FILE_KINDS)
