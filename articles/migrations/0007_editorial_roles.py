"""The desk's roles (Reporter, Editor, Wire editor) as groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.roles import ROLES, sync_roles


def create_roles(apps, schema_editor):
    # Permissions are normally created after the last migration (post_migrate); the groups
    # need them now, including the custom ones and those of the WireQueueItem proxy.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_editorial_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
