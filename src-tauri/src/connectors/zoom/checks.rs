//! The Zoom security baseline: the CIS Zoom Benchmark v1.0.0 recommendations that the
//! settings API can read, in our own words, plus two-factor sign-in for the account
//! and per-user overrides of the riskiest meeting features.

use serde_json::{json, Value};

use crate::connectors::checks::{Check, Expect, Severity};
use crate::domain::ActionPurpose;

use super::SERVICE_ID;

const SETTINGS_PAGE: &str =
    "Zoom web portal > Account Management > Account Settings (https://zoom.us/account/setting)";
const SECURITY_PAGE: &str =
    "Zoom web portal > Advanced > Security (https://zoom.us/account/security)";
const USERS_PAGE: &str = "Zoom web portal > User Management > Users (https://zoom.us/account/user)";

fn equals(value: Value) -> Expect {
    Expect::Equals { value }
}

#[allow(clippy::too_many_arguments)]
fn check(
    id: &str,
    family: &str,
    fact: &str,
    expect: Expect,
    severity: Severity,
    title: &str,
    why: &str,
    fix: &str,
    page: &str,
) -> Check {
    Check {
        id: format!("zoom.{id}"),
        service: SERVICE_ID.into(),
        family: family.into(),
        title: title.into(),
        description: why.into(),
        remediation: fix.into(),
        admin_link: page.into(),
        fact: fact.into(),
        expect,
        severity,
        purpose: ActionPurpose::Preventive,
        context: vec![],
    }
}

pub fn checks() -> Vec<Check> {
    use Severity::{High, Low, Medium};
    const SIGN_IN: &str = "Sign-in and admin accounts";
    const ACCESS: &str = "Meeting access";
    const PASSCODES: &str = "Meeting passcodes";
    const IN_MEETING: &str = "In-meeting controls";
    const RECORDING: &str = "Recordings";
    const USERS: &str = "User overrides";
    let t = true;
    let f = false;
    let mut checks = vec![
        check("sign_in.two_factor_for_all", SIGN_IN, "settings.security.sign_in_with_two_factor_auth", equals(json!("all")), High,
            "Require two-factor sign-in for every Zoom user",
            "Everyone in the account proves who they are with a second factor, so a leaked password alone does not open Zoom.",
            "In Security, turn on 'Sign in with two-factor authentication' for all users in the account.", SECURITY_PAGE),
        check("sign_in.password_length", SIGN_IN, "settings.security.password_requirement.minimum_password_length", Expect::AtLeast { min: 9.0 }, Medium,
            "Require Zoom sign-in passwords of at least nine characters",
            "Short account passwords are guessed or cracked quickly.",
            "In Security > Password requirement, set the minimum length to 9 or more.", SECURITY_PAGE),
        check("sign_in.password_special_character", SIGN_IN, "settings.security.password_requirement.have_special_character", equals(json!(t)), Low,
            "Require a special character in Zoom sign-in passwords",
            "Passwords with special characters resist dictionary attacks.",
            "In Security > Password requirement, require at least one special character.", SECURITY_PAGE),
        check("sign_in.weak_password_detection", SIGN_IN, "settings.security.password_requirement.weak_enhance_detection", equals(json!(t)), Low,
            "Reject easily guessed Zoom sign-in passwords",
            "Zoom refuses passwords that are common or built from the user's own details.",
            "In Security > Password requirement, turn on enhanced weak password detection.", SECURITY_PAGE),
        check("sign_in.web_inactivity_timeout", SIGN_IN, "settings.security.sign_again_period_for_inactivity_on_web", Expect::Between { min: 1.0, max: 60.0 }, Low,
            "Sign idle users out of the Zoom web portal within an hour",
            "An unattended browser session cannot be used by someone else for long.",
            "In Security, set 'Sign users out of the web portal after inactivity' to 60 minutes or less.", SECURITY_PAGE),
        check("sign_in.client_inactivity_timeout", SIGN_IN, "settings.security.sign_again_period_for_inactivity_on_client", Expect::Between { min: 1.0, max: 60.0 }, Low,
            "Sign idle users out of the Zoom desktop app within an hour",
            "An unattended computer's Zoom app cannot be used by someone else for long.",
            "In Security, set the desktop client inactivity sign-out to 60 minutes or less.", SECURITY_PAGE),
        check("access.waiting_room", ACCESS, "settings.meeting_security.waiting_room", equals(json!(t)), High,
            "Turn on the Zoom waiting room",
            "Hosts admit participants one by one, so uninvited people cannot walk into a meeting.",
            "In Account Settings > Security, turn on Waiting Room.", SETTINGS_PAGE),
        check("access.waiting_room_for_everyone", ACCESS, "settings.meeting_security.waiting_room_settings.participants_to_place_in_waiting_room", equals(json!(0)), Medium,
            "Place every participant in the Zoom waiting room",
            "Nobody skips the waiting room, including guests who claim to be internal.",
            "In Waiting Room options, choose to place everyone in the waiting room.", SETTINGS_PAGE),
        check("access.authenticated_users_only", ACCESS, "settings.meeting_authentication", equals(json!(t)), Medium,
            "Let only authenticated users join Zoom meetings",
            "Participants must be signed in, so attendance is attributable and anonymous intruders are kept out.",
            "In Account Settings > Security, turn on 'Only authenticated users can join meetings'.", SETTINGS_PAGE),
        check("access.join_before_host_off", ACCESS, "settings.schedule_meeting.join_before_host", equals(json!(f)), Medium,
            "Do not let participants join Zoom meetings before the host",
            "Meetings cannot be used unsupervised before the host arrives.",
            "In Account Settings > Schedule Meeting, turn off 'Allow participants to join before host'.", SETTINGS_PAGE),
        check("access.join_before_host_locked", ACCESS, "lock.schedule_meeting.join_before_host", equals(json!(t)), Low,
            "Lock the Zoom join-before-host setting for all users",
            "Users cannot turn join before host back on for their own meetings.",
            "Click the lock icon next to 'Allow participants to join before host' in Account Settings.", SETTINGS_PAGE),
        check("access.passcode_not_in_link", ACCESS, "settings.meeting_security.embed_password_in_join_link", equals(json!(f)), Low,
            "Keep Zoom passcodes out of join links",
            "A forwarded or leaked link alone does not let someone in; the passcode is shared separately.",
            "In Account Settings > Security, turn off embedding the passcode in the invite link.", SETTINGS_PAGE),
        check("access.mute_upon_entry", ACCESS, "settings.schedule_meeting.mute_upon_entry", equals(json!(t)), Low,
            "Mute participants when they join Zoom meetings",
            "Late joiners cannot disrupt a meeting, or overhear themselves broadcast by accident.",
            "In Account Settings > Schedule Meeting, turn on 'Mute all participants when they join'.", SETTINGS_PAGE),
        check("access.country_restrictions", ACCESS, "settings.meeting_security.approved_or_denied_countries_or_regions.enable", equals(json!(t)), Low,
            "Restrict the countries that can join Zoom meetings",
            "Participants from countries the organisation does not work with cannot join.",
            "In Account Settings, turn on 'Approve or block entry for users from specific countries/regions'.", SETTINGS_PAGE),
        check("access.waiting_room_locked", ACCESS, "lock.meeting_security.waiting_room", equals(json!(t)), Low,
            "Lock the Zoom waiting room setting for all users",
            "Users cannot turn the waiting room off for their own meetings.",
            "Click the lock icon next to Waiting Room in Account Settings.", SETTINGS_PAGE),
        check("passcodes.meetings", PASSCODES, "settings.meeting_security.meeting_password", equals(json!(t)), High,
            "Require a passcode for Zoom meetings",
            "Knowing or guessing a meeting ID is not enough to join.",
            "In Account Settings > Security, turn on 'Require a passcode when scheduling new meetings'.", SETTINGS_PAGE),
        check("passcodes.scheduled_meetings", PASSCODES, "settings.schedule_meeting.require_password_for_scheduling_new_meetings", equals(json!(t)), High,
            "Give every newly scheduled Zoom meeting a passcode",
            "Scheduled meetings are protected from the moment they are created.",
            "In Account Settings > Schedule Meeting, require a passcode when scheduling new meetings.", SETTINGS_PAGE),
        check("passcodes.instant_meetings", PASSCODES, "settings.schedule_meeting.require_password_for_instant_meetings", equals(json!(t)), Medium,
            "Give instant Zoom meetings a passcode",
            "Ad-hoc meetings get the same protection as scheduled ones.",
            "In Account Settings > Schedule Meeting, require a passcode for instant meetings.", SETTINGS_PAGE),
        check("passcodes.pmi_meetings", PASSCODES, "settings.schedule_meeting.require_password_for_pmi_meetings", equals(json!("all")), Medium,
            "Require a passcode for every meeting in a Personal Meeting ID",
            "Personal Meeting IDs never change, so they are the easiest to find and must always have a passcode.",
            "In Account Settings > Schedule Meeting, require a passcode for all Personal Meeting ID meetings.", SETTINGS_PAGE),
        check("passcodes.pmi", PASSCODES, "settings.meeting_security.pmi_password", equals(json!(t)), Medium,
            "Set a passcode on every Zoom Personal Meeting ID",
            "The permanent personal room cannot be entered by anyone who learns its number.",
            "In Account Settings > Security, require a passcode for Personal Meeting ID.", SETTINGS_PAGE),
        check("passcodes.phone", PASSCODES, "settings.meeting_security.phone_password", equals(json!(t)), Medium,
            "Require a numeric passcode for participants joining Zoom by phone",
            "Dial-in callers face the same barrier as app users.",
            "In Account Settings > Security, require a passcode for participants joining by phone.", SETTINGS_PAGE),
        check("passcodes.minimum_length", PASSCODES, "settings.meeting_security.meeting_password_requirement.length", Expect::AtLeast { min: 6.0 }, Medium,
            "Use Zoom meeting passcodes of at least six characters",
            "Short passcodes are guessed by trying them one after another.",
            "In Account Settings > Security > Passcode requirement, set the minimum length to 6 or more.", SETTINGS_PAGE),
        check("passcodes.scheduling_minimum_length", PASSCODES, "settings.schedule_meeting.meeting_password_requirement.length", Expect::AtLeast { min: 8.0 }, Medium,
            "Use passcodes of at least eight characters for scheduled Zoom meetings",
            "Scheduled meetings, often shared widely, get passcodes that take far longer to guess.",
            "In Account Settings > Schedule Meeting > Passcode requirement, set the minimum length to 8 or more.", SETTINGS_PAGE),
        check("passcodes.letters", PASSCODES, "settings.meeting_security.meeting_password_requirement.have_letter", equals(json!(t)), Low,
            "Require letters in Zoom meeting passcodes",
            "Passcodes mixing letters and digits have many more possible values.",
            "In the passcode requirement, require at least one letter.", SETTINGS_PAGE),
        check("passcodes.numbers", PASSCODES, "settings.meeting_security.meeting_password_requirement.have_number", equals(json!(t)), Low,
            "Require numbers in Zoom meeting passcodes",
            "Passcodes mixing letters and digits have many more possible values.",
            "In the passcode requirement, require at least one number.", SETTINGS_PAGE),
        check("passcodes.special_characters", PASSCODES, "settings.meeting_security.meeting_password_requirement.have_special_character", equals(json!(t)), Low,
            "Require special characters in Zoom meeting passcodes",
            "Special characters make passcodes harder to guess.",
            "In the passcode requirement, require at least one special character.", SETTINGS_PAGE),
        check("passcodes.mixed_case", PASSCODES, "settings.meeting_security.meeting_password_requirement.have_upper_and_lower_characters", equals(json!(t)), Low,
            "Require upper- and lower-case letters in Zoom meeting passcodes",
            "Mixed case multiplies the number of possible passcodes.",
            "In the passcode requirement, require both upper- and lower-case characters.", SETTINGS_PAGE),
        check("passcodes.locked", PASSCODES, "lock.meeting_security.meeting_password", equals(json!(t)), Low,
            "Lock the Zoom meeting passcode setting for all users",
            "Users cannot remove passcodes from their own meetings.",
            "Click the lock icon next to the meeting passcode setting in Account Settings.", SETTINGS_PAGE),
        check("in_meeting.file_transfer_off", IN_MEETING, "settings.in_meeting.file_transfer", equals(json!(f)), Medium,
            "Turn off file transfer in Zoom meetings",
            "Malware and sensitive files cannot be passed around in meeting chat.",
            "In Account Settings > In Meeting (Basic), turn off File transfer.", SETTINGS_PAGE),
        check("in_meeting.screen_sharing_host_only", IN_MEETING, "settings.in_meeting.who_can_share_screen", equals(json!("host")), Medium,
            "Let only the host share their screen in Zoom meetings",
            "Intruders cannot take over a meeting with unwanted content.",
            "In Account Settings > In Meeting (Basic) > Screen sharing, choose 'Host only'.", SETTINGS_PAGE),
        check("in_meeting.remote_control_off", IN_MEETING, "settings.in_meeting.remote_control", equals(json!(f)), Low,
            "Turn off remote control in Zoom meetings",
            "Participants cannot take control of another person's computer through a meeting.",
            "In Account Settings > In Meeting (Basic), turn off Remote control.", SETTINGS_PAGE),
        check("in_meeting.end_to_end_encryption", IN_MEETING, "settings.in_meeting.e2e_encryption", equals(json!(t)), Medium,
            "Make end-to-end encryption available for Zoom meetings",
            "Hosts can hold meetings whose content not even Zoom's servers can read.",
            "In Account Settings > Security, allow use of end-to-end encryption.", SETTINGS_PAGE),
        check("in_meeting.data_center_regions", IN_MEETING, "settings.in_meeting.data_center_regions", Expect::AtMostItems { max: 2 }, Low,
            "Limit the data-centre regions that carry Zoom meetings",
            "Meeting traffic is routed only through the regions the organisation approved (the baseline allows two).",
            "In Account Settings > In Meeting (Advanced), select only the approved data-centre regions.", SETTINGS_PAGE),
        check("in_meeting.auto_saving_chat_off", IN_MEETING, "settings.in_meeting.auto_saving_chat", equals(json!(f)), Low,
            "Do not save Zoom meeting chats automatically",
            "Chat transcripts with sensitive content are not kept on computers by default.",
            "In Account Settings > In Meeting (Basic), turn off auto-saving chats.", SETTINGS_PAGE),
        check("recording.shared_recording_passcode", RECORDING, "settings.recording.required_password_for_shared_cloud_recordings", equals(json!(t)), Medium,
            "Require a passcode to view shared Zoom cloud recordings",
            "A forwarded recording link is not enough to watch a recording.",
            "In Account Settings > Recording, require a passcode to access shared cloud recordings.", SETTINGS_PAGE),
        check("recording.passcode_length", RECORDING, "settings.recording.recording_password_requirement.length", Expect::AtLeast { min: 8.0 }, Low,
            "Use recording passcodes of at least eight characters",
            "Recording passcodes resist guessing.",
            "In Account Settings > Recording > Passcode requirement, set the minimum length to 8 or more.", SETTINGS_PAGE),
        check("recording.ip_access_control", RECORDING, "settings.recording.ip_address_access_control.enable", equals(json!(t)), Low,
            "Restrict access to Zoom cloud recordings by IP address",
            "Recordings can be viewed only from the organisation's networks.",
            "In Account Settings > Recording, turn on IP address access control and list your ranges.", SETTINGS_PAGE),
        check("recording.download_host_only", RECORDING, "settings.recording.cloud_recording_download_host", equals(json!(t)), Low,
            "Let only hosts download Zoom cloud recordings",
            "Copies of recordings do not spread beyond the meeting's owner.",
            "In Account Settings > Recording, allow only the host to download cloud recordings.", SETTINGS_PAGE),
        check("recording.auto_delete", RECORDING, "settings.recording.auto_delete_cmr", equals(json!(t)), Low,
            "Delete Zoom cloud recordings automatically after a set time",
            "Recordings are not kept longer than needed, as retention rules require.",
            "In Account Settings > Recording, turn on deleting cloud recordings after a number of days.", SETTINGS_PAGE),
        check("recording.disclaimer", RECORDING, "settings.recording.recording_disclaimer", equals(json!(t)), Low,
            "Show a recording disclaimer to Zoom participants",
            "Participants are told, and must agree, when a meeting is recorded.",
            "In Account Settings > Recording, turn on the recording disclaimer.", SETTINGS_PAGE),
        check("users.file_transfer_off", USERS, "users.file_transfer_allowed", Expect::AtMost { max: 0.0 }, Medium,
            "Keep file transfer off for every Zoom user",
            "No user's own settings turn file transfer back on where the account forbids it.",
            "Turn file transfer off for the users listed (User Management > Users > Settings), then lock the account setting.", USERS_PAGE),
        check("users.join_before_host_off", USERS, "users.join_before_host_allowed", Expect::AtMost { max: 0.0 }, Low,
            "Keep join before host off for every Zoom user",
            "No user's own settings let participants in before the host.",
            "Turn join before host off for the users listed, then lock the account setting.", USERS_PAGE),
    ];
    let last = checks.len() - 1;
    checks[last - 1].context = vec!["users.file_transfer_allowed_names".into()];
    checks[last].context = vec!["users.join_before_host_allowed_names".into()];
    checks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_have_unique_ids_and_read_settings_the_docs_list() {
        let checks = checks();
        assert!(checks.len() >= 40);
        let mut ids: Vec<_> = checks.iter().map(|c| c.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), checks.len());
        assert!(checks.iter().all(|c| ["settings.", "lock.", "users."]
            .iter()
            .any(|p| c.fact.starts_with(p))));
    }
}
