"""Deadline rules as data: rule sets with an effective date, one rule per step."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_fill_calendar_overrides'),
    ]

    operations = [
        migrations.CreateModel(
            name='DeadlineRuleSet',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(help_text='Ví dụ: law_136_2025. Không đổi sau khi đã dùng: hồ sơ lưu mã này.', max_length=64, unique=True, validators=[django.core.validators.RegexValidator('^[a-z][a-z0-9_]*$', 'Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ cái.')], verbose_name='mã')),
                ('name', models.CharField(max_length=255, verbose_name='tên')),
                ('effective_from', models.DateField(db_index=True, help_text='Hồ sơ tiếp nhận từ ngày này trở đi được tính theo bộ quy tắc này.', verbose_name='có hiệu lực từ ngày')),
                ('legal_basis', models.TextField(verbose_name='tóm tắt căn cứ pháp lý')),
                ('notes', models.TextField(blank=True, verbose_name='ghi chú')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='thời điểm tạo')),
            ],
            options={
                'verbose_name': 'bộ quy tắc thời hạn',
                'verbose_name_plural': 'bộ quy tắc thời hạn',
                'ordering': ['-effective_from', '-id'],
            },
        ),
        migrations.CreateModel(
            name='DeadlineRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('step', models.CharField(help_text='Mã tiếng Anh không dấu, ví dụ: complaint_acceptance_first.', max_length=64, validators=[django.core.validators.RegexValidator('^[a-z][a-z0-9_]*$', 'Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ cái.')], verbose_name='mã bước')),
                ('step_name', models.CharField(max_length=255, verbose_name='tên bước')),
                ('days', models.PositiveSmallIntegerField(help_text='Thời hạn thông thường.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='số ngày')),
                ('unit', models.CharField(choices=[('working', 'ngày làm việc'), ('calendar', 'ngày')], default='working', max_length=16, verbose_name='đơn vị')),
                ('remote_days', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='vùng sâu, vùng xa')),
                ('complex_days', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='vụ việc phức tạp')),
                ('remote_complex_days', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='vùng sâu, vùng xa, phức tạp')),
                ('especially_complex_days', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='đặc biệt phức tạp')),
                ('remote_especially_complex_days', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='vùng sâu, vùng xa, đặc biệt phức tạp')),
                ('extension_days', models.PositiveSmallIntegerField(blank=True, help_text='Cùng đơn vị với thời hạn. Để trống nếu bước này không được gia hạn.', null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='số ngày mỗi lần gia hạn')),
                ('max_extensions', models.PositiveSmallIntegerField(default=0, verbose_name='số lần gia hạn tối đa (thông thường)')),
                ('max_extensions_complex', models.PositiveSmallIntegerField(default=0, verbose_name='số lần gia hạn tối đa (phức tạp)')),
                ('max_extensions_especially_complex', models.PositiveSmallIntegerField(default=0, verbose_name='số lần gia hạn tối đa (đặc biệt phức tạp)')),
                ('legal_basis', models.TextField(help_text='Nêu rõ điều, khoản.', verbose_name='căn cứ pháp lý')),
                ('note', models.TextField(blank=True, verbose_name='ghi chú')),
                ('rule_set', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rules', to='core.deadlineruleset', verbose_name='bộ quy tắc')),
            ],
            options={
                'verbose_name': 'quy tắc thời hạn',
                'verbose_name_plural': 'quy tắc thời hạn',
                'ordering': ['rule_set', 'step'],
                'constraints': [models.UniqueConstraint(fields=('rule_set', 'step'), name='core_deadlinerule_one_rule_per_step', violation_error_message='Bộ quy tắc này đã có quy tắc cho bước này.'), models.CheckConstraint(condition=models.Q(('days__gte', 1)), name='core_deadlinerule_days_positive', violation_error_message='Số ngày phải từ 1 trở lên.'), models.CheckConstraint(condition=models.Q(('unit__in', ['working', 'calendar'])), name='core_deadlinerule_unit_valid', violation_error_message='Đơn vị không hợp lệ.'), models.CheckConstraint(condition=models.Q(('extension_days__isnull', False), models.Q(('max_extensions', 0), ('max_extensions_complex', 0), ('max_extensions_especially_complex', 0)), _connector='OR'), name='core_deadlinerule_extension_days_set', violation_error_message='Bước được gia hạn thì phải nhập số ngày mỗi lần gia hạn.')],
            },
        ),
    ]
