"""The contacts moved to the contacts app (copied by contacts 0002 first)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0001_initial'),
        ('contacts', '0002_roles_lists_and_moved_contacts'),
    ]

    operations = [
        migrations.DeleteModel(
            name='Contact',
        ),
    ]
