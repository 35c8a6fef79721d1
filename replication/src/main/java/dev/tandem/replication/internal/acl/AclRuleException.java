/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.acl;

/** An ACL rule Redis would refuse; the message is Redis's reason text. */
public final class AclRuleException extends Exception {
    private static final long serialVersionUID = 1L;

    AclRuleException(String message) {
        super(message, null, false, false);
    }
}
