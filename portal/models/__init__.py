"""All models, imported here so Alembic and the app see one metadata."""
from portal.models.api_token import ApiToken, LoginCode
from portal.models.append_only import AppendOnlyPermit
from portal.models.application import Application, Document, History, ReturnedItem
from portal.models.base import Base, frozen_clock, utcnow
from portal.models.citizen import CitizenAccount, FamilyMember
from portal.models.counter import CounterPosition
from portal.models.delivery import DeliveryCallback, DeliveryEvent
from portal.models.fair_use import ApplicantServiceLock, DailyQuotaCounter
from portal.models.letter import Letter, LetterCounter
from portal.models.login_throttle import LoginThrottle
from portal.models.officer import Officer, RecoveryCode
from portal.models.outbox import AuditEntry, OutboxMessage
from portal.models.pickup import PickupBooking, PickupSlotCount
from portal.models.secret_link import SecretLink
from portal.models.service import FormField, RequiredDocument, Service
from portal.models.service_level import ApplicationClock, Holiday
from portal.models.standards import Complaint, PostalDelivery, SurveyResponse
from portal.models.substitution import Substitution
from portal.models.unit import Unit

__all__ = [
    "ApiToken", "AppendOnlyPermit", "ApplicantServiceLock", "Application", "ApplicationClock", "AuditEntry", "Base",
    "CitizenAccount", "Complaint", "CounterPosition", "DailyQuotaCounter", "DeliveryCallback",
    "DeliveryEvent", "Document", "FamilyMember", "FormField", "History", "Holiday", "Letter", "LetterCounter",
    "LoginCode", "LoginThrottle", "Officer", "OutboxMessage", "PickupBooking", "PickupSlotCount",
    "PostalDelivery", "RecoveryCode", "RequiredDocument", "ReturnedItem", "SecretLink", "Service", "Substitution",
    "SurveyResponse", "Unit", "frozen_clock", "utcnow",
]
