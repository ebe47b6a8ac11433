"""Forms of the transcripts part: a recording, a transcript file, and the review editor's rows."""

import re

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from caringcity.stories.transcripts.model import TranscriptError
from caringcity.stories.transcripts.textutil import parse_clock


def clock(seconds):
    """83.0 -> "01:23", 3723.25 -> "1:02:03.250"; "" for None."""
    if seconds is None:
        return ""
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return f"{text}.{millis:03d}" if millis else text


def parse_time(value):
    """What a person typed ("1:23", "01:02:03.5", "83") to seconds, or None when empty."""
    value = (value or "").strip()
    if not value:
        return None
    if re.fullmatch(r"\d+(?:[.,]\d{1,3})?", value):
        return round(float(value.replace(",", ".")), 3)
    try:
        return parse_clock(value, "")
    except TranscriptError:
        raise forms.ValidationError(_("“%(value)s” is not a time. Write it like 01:23 or 1:02:03."),
                                    params={"value": value[:20]}) from None


class RecordingForm(forms.Form):
    file = forms.FileField(label=_("Recording"), help_text="")
    label = forms.CharField(label=_("Label"), max_length=120, required=False,
                            help_text=_("For example: part 1. Do not put health details here."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("WAV, MP3, M4A, Ogg, FLAC or WebM, up to %(limit)s. "
                                          "Only the research team can play it.") % {
            "limit": filesizeformat(settings.STORIES_AUDIO_MAX_BYTES)}
        self.fields["file"].widget.attrs["accept"] = "audio/*,video/webm,video/mp4"


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Transcript file"),
                           help_text=_("WebVTT (.vtt, from Teams or Zoom), SRT (.srt), an Otter text export, "
                                       "an oTranscribe file (.otr), plain text (.txt) or a Word document (.docx)."))
    recording = forms.ModelChoiceField(label=_("The recording it goes with"), queryset=None, required=False,
                                       empty_label=_("None"),
                                       help_text=_("So the editor can play the sound at each turn."))

    def __init__(self, *args, recordings=(), **kwargs):
        super().__init__(*args, **kwargs)
        from caringcity.stories.models import Recording

        self.fields["recording"].queryset = Recording.objects.filter(pk__in=[r.pk for r in recordings])
        self.fields["recording"].label_from_instance = recording_label
        if not recordings:
            del self.fields["recording"]


def recording_label(recording):
    from django.utils.formats import date_format

    when = date_format(recording.created, "j F Y")
    return f"{recording.label} ({when})" if recording.label else str(_("Recording of %(when)s") % {"when": when})


class TurnForm(forms.Form):
    turn = forms.UUIDField(widget=forms.HiddenInput)
    speaker = forms.CharField(label=_("Speaker"), max_length=120, required=False)
    start = forms.CharField(label=_("Starts at"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 9, "spellcheck": "false"}))
    text = forms.CharField(label=_("What was said"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_start(self):
        return parse_time(self.cleaned_data.get("start"))


TurnFormSet = forms.formset_factory(TurnForm, extra=0, max_num=50_000, absolute_max=50_000)


def turn_formset(turns, data=None):
    initial = [{"turn": t.uuid, "speaker": t.speaker, "start": clock(t.start), "text": t.text} for t in turns]
    return TurnFormSet(data, initial=initial, prefix="turns")
