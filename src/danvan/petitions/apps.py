from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "danvan.petitions"
    label = "petitions"
    verbose_name = _("Đơn thư, phản ánh, kiến nghị")

    def ready(self) -> None:
        from danvan.organizations.roles import RoleCode as R
        from danvan.organizations.roles import grant_by_default

        view = {"petitions.view_petition"}
        grant_by_default(
            R.INTAKE_OFFICER,
            view
            | {
                "petitions.add_petition",
                "petitions.classify_petition",
                "petitions.assign_petition",
                "petitions.import_petition",
                "petitions.export_petition",
                "petitions.handle_petition",
            },
        )
        grant_by_default(
            R.HANDLING_OFFICER,
            view
            | {
                "petitions.handle_petition",
                "petitions.decide_petition",
                "petitions.extend_petition",
                "petitions.close_petition",
                "petitions.export_petition",
            },
        )
        grant_by_default(
            R.HEAD,
            view
            | {
                "petitions.add_petition",
                "petitions.classify_petition",
                "petitions.assign_petition",
                "petitions.handle_petition",
                "petitions.decide_petition",
                "petitions.extend_petition",
                "petitions.close_petition",
                "petitions.reopen_petition",
                "petitions.export_petition",
            },
        )
        for role in (R.MASS_MOBILIZATION_OFFICER, R.FRONT_CADRE, R.LEADER):
            grant_by_default(role, view | {"petitions.export_petition"})
        # The denouncer's identity: only through the explicit role, never by default.
        grant_by_default(R.CONFIDENTIAL_OFFICER, view | {"petitions.view_denouncer_identity"})
        from danvan.petitions.home import register_panels

        register_panels()
        from danvan.petitions import tasks  # noqa: F401  (registers the periodic jobs)
