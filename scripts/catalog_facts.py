"""Facts about OCPP messages that the JSON schemas do not carry: which side sends each request.

Sources: OCPP 1.6 edition 2 §4-6 and the 1.6 security whitepaper; OCPP 2.0.1 Part 2 §1 (messages
per functional block); OCPP 2.1 Part 2 for the messages it adds. "SEND" marks a 2.1 message that is
sent with message type 6 and gets no response.
"""

CS, CSMS, BOTH = ["ChargingStation"], ["CSMS"], ["ChargingStation", "CSMS"]

V16 = {
    "Authorize": CS, "BootNotification": CS, "DataTransfer": BOTH, "DiagnosticsStatusNotification": CS,
    "FirmwareStatusNotification": CS, "Heartbeat": CS, "MeterValues": CS, "StartTransaction": CS,
    "StatusNotification": CS, "StopTransaction": CS,
    "LogStatusNotification": CS, "SecurityEventNotification": CS, "SignCertificate": CS,
    "SignedFirmwareStatusNotification": CS,
    "CancelReservation": CSMS, "ChangeAvailability": CSMS, "ChangeConfiguration": CSMS, "ClearCache": CSMS,
    "ClearChargingProfile": CSMS, "GetCompositeSchedule": CSMS, "GetConfiguration": CSMS,
    "GetDiagnostics": CSMS, "GetLocalListVersion": CSMS, "RemoteStartTransaction": CSMS,
    "RemoteStopTransaction": CSMS, "ReserveNow": CSMS, "Reset": CSMS, "SendLocalList": CSMS,
    "SetChargingProfile": CSMS, "TriggerMessage": CSMS, "UnlockConnector": CSMS, "UpdateFirmware": CSMS,
    "CertificateSigned": CSMS, "DeleteCertificate": CSMS, "ExtendedTriggerMessage": CSMS,
    "GetInstalledCertificateIds": CSMS, "GetLog": CSMS, "InstallCertificate": CSMS,
    "SignedUpdateFirmware": CSMS,
}

V201 = {
    "Authorize": CS, "BootNotification": CS, "ClearedChargingLimit": CS, "DataTransfer": BOTH,
    "FirmwareStatusNotification": CS, "Get15118EVCertificate": CS, "GetCertificateStatus": CS,
    "Heartbeat": CS, "LogStatusNotification": CS, "MeterValues": CS, "NotifyChargingLimit": CS,
    "NotifyCustomerInformation": CS, "NotifyDisplayMessages": CS, "NotifyEVChargingNeeds": CS,
    "NotifyEVChargingSchedule": CS, "NotifyEvent": CS, "NotifyMonitoringReport": CS, "NotifyReport": CS,
    "PublishFirmwareStatusNotification": CS, "ReportChargingProfiles": CS, "ReservationStatusUpdate": CS,
    "SecurityEventNotification": CS, "SignCertificate": CS, "StatusNotification": CS,
    "TransactionEvent": CS,
    "CancelReservation": CSMS, "CertificateSigned": CSMS, "ChangeAvailability": CSMS, "ClearCache": CSMS,
    "ClearChargingProfile": CSMS, "ClearDisplayMessage": CSMS, "ClearVariableMonitoring": CSMS,
    "CostUpdated": CSMS, "CustomerInformation": CSMS, "DeleteCertificate": CSMS, "GetBaseReport": CSMS,
    "GetChargingProfiles": CSMS, "GetCompositeSchedule": CSMS, "GetDisplayMessages": CSMS,
    "GetInstalledCertificateIds": CSMS, "GetLocalListVersion": CSMS, "GetLog": CSMS,
    "GetMonitoringReport": CSMS, "GetReport": CSMS, "GetTransactionStatus": CSMS, "GetVariables": CSMS,
    "InstallCertificate": CSMS, "PublishFirmware": CSMS, "RequestStartTransaction": CSMS,
    "RequestStopTransaction": CSMS, "ReserveNow": CSMS, "Reset": CSMS, "SendLocalList": CSMS,
    "SetChargingProfile": CSMS, "SetDisplayMessage": CSMS, "SetMonitoringBase": CSMS,
    "SetMonitoringLevel": CSMS, "SetNetworkProfile": CSMS, "SetVariableMonitoring": CSMS,
    "SetVariables": CSMS, "TriggerMessage": CSMS, "UnlockConnector": CSMS, "UnpublishFirmware": CSMS,
    "UpdateFirmware": CSMS,
}

V21 = dict(V201)
V21.update({
    "AFRRSignal": CSMS, "AdjustPeriodicEventStream": CSMS, "BatterySwap": CS,
    "ChangeTransactionTariff": CSMS, "ClearDERControl": CSMS, "ClearTariffs": CSMS,
    "ClosePeriodicEventStream": CS, "GetCertificateChainStatus": CS, "GetDERControl": CSMS,
    "GetPeriodicEventStream": CSMS, "GetTariffs": CSMS, "NotifyAllowedEnergyTransfer": CSMS,
    "NotifyDERAlarm": CS, "NotifyDERStartStop": CS, "NotifyPeriodicEventStream": CS,
    "NotifyPriorityCharging": CS, "NotifySettlement": CS, "NotifyWebPaymentStarted": CSMS,
    "OpenPeriodicEventStream": CS, "PullDynamicScheduleUpdate": CS, "ReportDERControl": CS,
    "RequestBatterySwap": CSMS, "SetDERControl": CSMS, "SetDefaultTariff": CSMS,
    "UpdateDynamicSchedule": CSMS, "UsePriorityCharging": CSMS, "VatNumberValidation": CS,
})

SEND = {"2.1": {"NotifyPeriodicEventStream"}}

VERSIONS = {"1.6": ("v16", V16), "2.0.1": ("v201", V201), "2.1": ("v21", V21)}


def schema_files(schema_dir, action):
    """The (request, response) file names of an action in an official schema folder, or None."""
    import os
    names = os.listdir(schema_dir)
    request = next((n for n in (action + "Request.json", action + ".json") if n in names), None)
    response = action + "Response.json" if action + "Response.json" in names else None
    return request, response
