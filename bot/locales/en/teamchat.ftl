## Team chat and team on-call (issue 16)

teamchat-not-member = 🔒 This chat is a tracker team's room: only its team can use me here. Ask the tracker's owner for an invitation.

oncall-people-team = Or tap the team's people (tap again to take someone off): owner, operators and managers — a viewer cannot answer alerts.
oncall-team-gone = This person is no longer on the team, or their role no longer lets them answer alerts.
oncall-err-role = { $name } is a { $role ->
    [viewer] viewer
   *[other] { $role }
  } on this tracker: a viewer cannot answer alerts, so cannot be on call. Ask the owner to make them an operator first.
oncall-read-only = 🔒 Your role is { $role }: you can see the rotation; a manager or the owner sets it up.
