from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Render every form with our accessible templates (labels, legends, linked errors)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
