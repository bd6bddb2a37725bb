"""What an API v2 study shares beyond itself: the plan to share individual participant data
(``ipdSharingStatementModule``), the data sets already shared (``referencesModule.availIpds``)
and the see-also links (``referencesModule.seeAlsoLinks``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.model import AvailableIpd, IpdSharing, SeeAlsoLink, Study
from kg.sources.ctgov_json.fields import Fields

__all__ = ["read_sharing"]

_PS = "protocolSection"


def read_sharing(study: Study, protocol: Mapping[str, Any], f: Fields) -> None:
    """Fill ``ipd_sharing``, ``available_ipds`` and ``see_also_links``."""
    where = f"{_PS}.ipdSharingStatementModule"
    module = f.obj(protocol, "ipdSharingStatementModule", _PS)
    if module:
        study.ipd_sharing = IpdSharing(
            sharing=f.code(module, "ipdSharing", where, codes="ipdSharing"),
            description=f.text(module, "description", where),
            info_types=f.codes(module, "infoTypes", where, codes="ipdInfoType"),
            time_frame=f.text(module, "timeFrame", where),
            access_criteria=f.text(module, "accessCriteria", where),
            url=f.text(module, "url", where),
        )
    where = f"{_PS}.referencesModule"
    references = f.obj(protocol, "referencesModule", _PS)
    for path, link in f.items(references, "seeAlsoLinks", where):
        url = f.text(link, "url", path)
        if url is None:
            f.warn(f"{path} has no url: ignored")
            continue
        study.see_also_links.append(SeeAlsoLink(url=url, label=f.text(link, "label", path)))
    for path, item in f.items(references, "availIpds", where):
        ipd = AvailableIpd(
            id=f.text(item, "id", path),
            type=f.text(item, "type", path),
            url=f.text(item, "url", path),
            comment=f.text(item, "comment", path),
        )
        if ipd.id or ipd.url or ipd.type:
            study.available_ipds.append(ipd)
        else:
            f.warn(f"{path} has no id, type or url: ignored")
