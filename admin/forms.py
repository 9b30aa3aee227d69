"""Admin forms (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, EqualTo, InputRequired, Length, Regexp

from admin.accounts import MIN_PASSWORD_LENGTH, ROLES

DELETE_SCOPES = {
    "assessment": "เฉพาะแบบประเมินนี้และคำตอบ",
    "respondent": "ข้อมูลส่วนบุคคลทั้งหมดของผู้เริ่มแบบประเมินนี้",
}
_PASSWORD_HINT = f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_LENGTH} ตัวอักษร"
# Sign-in fields never hold control characters (NUL, line breaks …).
_NO_CONTROL = Regexp(r"^[^\x00-\x1f\x7f]*\Z", message="มีอักขระที่ใช้ไม่ได้ กรุณาพิมพ์ใหม่")


class WholeNumberField(IntegerField):
    """An integer field whose "not a number" error is Thai (WTForms' own is English)."""

    def process_formdata(self, valuelist: list) -> None:  # type: ignore[type-arg]
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("กรุณากรอกเป็นตัวเลขจำนวนเต็ม") from error


class LoginForm(FlaskForm):
    username = StringField(
        "ชื่อผู้ใช้", validators=[DataRequired("กรุณากรอกชื่อผู้ใช้"), Length(max=80), _NO_CONTROL]
    )
    password = PasswordField(
        "รหัสผ่าน", validators=[DataRequired("กรุณากรอกรหัสผ่าน"), Length(max=200), _NO_CONTROL]
    )


class CodeForm(FlaskForm):
    """A one-time code from an authenticator app (two-factor sign-in and enrolment)."""

    code = StringField(
        "รหัสยืนยัน 6 หลัก",
        validators=[DataRequired("กรุณากรอกรหัสยืนยัน 6 หลักจากแอป"), Length(max=20), _NO_CONTROL],
    )


class RecommendationForm(FlaskForm):
    # Validated by admin.text_rules so the same rules give the same Thai messages everywhere.
    text = TextAreaField("ข้อความคำแนะนำ")
    base_version = WholeNumberField(validators=[InputRequired()])


class GlossaryForm(FlaskForm):
    definition = TextAreaField("คำอธิบาย")
    aliases = TextAreaField("คำเรียกอื่น (บรรทัดละหนึ่งคำ)")
    base_version = WholeNumberField(validators=[InputRequired()])


class RestoreForm(FlaskForm):
    version = WholeNumberField(validators=[InputRequired()])


class DeleteAssessmentForm(FlaskForm):
    scope = StringField(
        "ลบอะไร",
        default="assessment",
        validators=[AnyOf(list(DELETE_SCOPES), "กรุณาเลือกสิ่งที่จะลบ")],
    )
    confirm = StringField("พิมพ์ ลบ เพื่อยืนยัน", validators=[DataRequired("กรุณาพิมพ์คำว่า ลบ เพื่อยืนยัน")])


class AccountCreateForm(FlaskForm):
    username = StringField("ชื่อผู้ใช้", validators=[DataRequired("กรุณากรอกชื่อผู้ใช้"), Length(max=80)])
    role = StringField("บทบาท", validators=[AnyOf(list(ROLES), "กรุณาเลือกบทบาทที่ถูกต้อง")])
    password = PasswordField(
        "รหัสผ่าน",
        validators=[
            DataRequired("กรุณากรอกรหัสผ่าน"),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=_PASSWORD_HINT),
        ],
    )
    confirm = PasswordField("ยืนยันรหัสผ่าน", validators=[EqualTo("password", "รหัสผ่านทั้งสองช่องไม่ตรงกัน")])


class RoleForm(FlaskForm):
    role = StringField("บทบาท", validators=[AnyOf(list(ROLES), "กรุณาเลือกบทบาทที่ถูกต้อง")])


class PasswordResetForm(FlaskForm):
    password = PasswordField(
        "รหัสผ่านใหม่",
        validators=[
            DataRequired("กรุณากรอกรหัสผ่านใหม่"),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=_PASSWORD_HINT),
        ],
    )
    confirm = PasswordField(
        "ยืนยันรหัสผ่านใหม่", validators=[EqualTo("password", "รหัสผ่านทั้งสองช่องไม่ตรงกัน")]
    )


class AgencyForm(FlaskForm):
    # The type and the place are checked against the register by storage.agencies.
    name = StringField(
        "ชื่อหน่วยงาน", validators=[DataRequired("กรุณากรอกชื่อหน่วยงาน"), Length(max=300), _NO_CONTROL]
    )
    agency_type = StringField("ประเภทหน่วยงาน", validators=[DataRequired("กรุณาเลือกประเภทหน่วยงาน")])
    place = StringField("กระทรวงหรือจังหวัด", validators=[Length(max=20)])


class MergeAgencyForm(FlaskForm):
    other = WholeNumberField(
        "รหัสหน่วยงานที่ซ้ำ", validators=[InputRequired("กรุณาระบุรหัสหน่วยงานที่จะรวมเข้ามา")]
    )
    confirm = StringField("พิมพ์ รวม เพื่อยืนยัน", validators=[DataRequired("กรุณาพิมพ์คำว่า รวม เพื่อยืนยัน")])
