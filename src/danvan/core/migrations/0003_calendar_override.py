"""The working-day calendar's overrides: days off and make-up working days."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_audit_append_only'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CalendarOverride',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(unique=True, verbose_name='ngày')),
                ('kind', models.CharField(choices=[('day_off', 'Ngày nghỉ'), ('working_day', 'Ngày làm việc')], help_text='Ngày nghỉ: cơ quan nhà nước nghỉ (kể cả ngày nghỉ hoán đổi). Ngày làm việc: cơ quan làm việc (kể cả thứ Bảy làm bù).', max_length=16, verbose_name='loại')),
                ('reason', models.CharField(max_length=255, verbose_name='lý do')),
                ('legal_basis', models.TextField(blank=True, help_text='Văn bản công bố lịch nghỉ, ví dụ: Công văn 12729/VPCP-KGVX ngày 25/12/2025.', verbose_name='căn cứ, thông báo')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='thời điểm tạo')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tạo')),
            ],
            options={
                'verbose_name': 'ngày nghỉ, ngày làm bù',
                'verbose_name_plural': 'lịch ngày nghỉ, ngày làm bù',
                'ordering': ['date'],
                'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['day_off', 'working_day'])), name='core_calendaroverride_kind_valid')],
            },
        ),
    ]
