"""The guided "new request" wizard: pages fill form values; ``form`` turns them into RequestDrafts."""
