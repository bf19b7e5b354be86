"""DescribeContact: the stored contact as the `Contact` shape has it, with its ARN."""

from __future__ import annotations

from typing import Any

from connect_contacts_mock.contact import arn
from connect_contacts_mock.operations import Context, Operation


class DescribeContact(Operation):
    """The contact named, in any state; members the `Contact` shape lacks (the transcript,
    the references) are left out, as are absent ones (never null)."""

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        instance, record = context.contact(checked["InstanceId"], checked["ContactId"])
        contact = record.snapshot()
        contact["Arn"] = arn(context.region, instance.account_id, instance.instance_id, record.id)
        return {"Contact": contact}
