"""DescribeContact: the stored contact as the `Contact` shape has it, with its ARN."""

from __future__ import annotations

from typing import Any

from connect_contacts_mock.contact import arn
from connect_contacts_mock.operations import Context, Operation
from connect_contacts_mock.wire import Answer, with_arn


class DescribeContact(Operation):
    """The contact named, in any state; members the `Contact` shape lacks (the transcript,
    the references) are left out, as are absent ones (never null)."""

    def answer(self, checked: dict[str, Any], context: Context) -> Answer:
        instance, record = context.contact(checked["InstanceId"], checked["ContactId"])
        shape = context.view.output_shape
        assert shape is not None  # DescribeContact's output is {"Contact": Contact}
        return with_arn(
            "Contact",
            arn(context.region, instance.account_id, instance.instance_id, record.id),
            record.described(shape.members["Contact"]),
        )
